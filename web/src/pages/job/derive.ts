// What the job view reads out of a job and its events: refused pairs, retries, time left.
import type { EventPublic, JobPublic } from "../../api/types";

const text = (data: EventPublic["data"], key: string): string | null => {
  const value = data[key];
  return typeof value === "string" ? value : null;
};
const number = (data: EventPublic["data"], key: string): number | null => {
  const value = data[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
};

export interface Refused {
  pair: string;
  status: string;
  rule: string | null;
  reason: string | null;
  at: string;
}

/** Pairs whose latest event says failed or rejected (one that later succeeded drops out). */
export function refusedPairs(events: EventPublic[]): Refused[] {
  const latest = new Map<string, Refused>();
  for (const event of events) {
    const pair = event.type === "pair" ? text(event.data, "pair") : null;
    if (pair === null) continue;
    latest.delete(pair); // keep the map in the order pairs last finished
    latest.set(pair, {
      pair,
      status: text(event.data, "status") ?? "unknown",
      rule: text(event.data, "rule"),
      reason: text(event.data, "reason"),
      at: event.at,
    });
  }
  return [...latest.values()].filter((p) => p.status === "failed" || p.status === "rejected");
}

export interface Retry {
  attempt: number;
  at: string;
}

/** Each retry (a state event the retry route writes), oldest first. */
export function retries(events: EventPublic[]): Retry[] {
  return events
    .filter((e) => e.type === "state" && e.data.retry === true)
    .map((e) => ({ attempt: number(e.data, "attempt") ?? 0, at: e.at }));
}

/** Seconds left: the latest event's eta, else the pace of this run's pairs so far (null: unknown). */
export function secondsLeft(job: JobPublic, events: EventPublic[], now: number): number | null {
  if (job.state !== "running") return null;
  const eta = job.progress ? number(job.progress, "eta_seconds") : null;
  if (eta !== null) return eta;
  const start = [...events].reverse().find((e) => e.type === "run");
  if (!start) return null;
  const run = text(start.data, "run");
  const pairs = events.filter((e) => e.type === "pair" && e.seq > start.seq && text(e.data, "run") === run);
  const last = pairs.at(-1);
  const done = last ? number(last.data, "done") : null;
  const total = last ? number(last.data, "total") : null;
  if (!last || done === null || total === null || done === 0) return null;
  const began = Date.parse(start.at);
  const spent = Math.max(1, (Date.parse(last.at) - began) / 1000);
  const left = ((total - done) * spent) / done - Math.max(0, (now - Date.parse(last.at)) / 1000);
  return Math.max(0, Math.round(left));
}

/** "about 3 minutes", "under a minute", "about 2 hours". */
export function duration(seconds: number): string {
  if (seconds < 60) return "under a minute";
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
  return `about ${Math.round(minutes / 60)} hours`;
}

/** One event as a line of the activity log. */
export function describe(event: EventPublic): string {
  const d = event.data;
  switch (event.type) {
    case "state": {
      const state = text(d, "state") ?? "?";
      const why = text(d, "message");
      const retry = d.retry === true ? ` (retry: attempt ${number(d, "attempt") ?? "?"})` : "";
      return `State: ${state}${retry}${why ? `: ${why}` : ""}`;
    }
    case "run":
      return `Run ${text(d, "run") ?? ""} planned ${number(d, "pairs_total") ?? "?"} pairs, estimate ${number(d, "estimate_credits") ?? "?"} credits`;
    case "pair": {
      const why = [text(d, "rule"), text(d, "reason")].filter(Boolean).join(": ");
      return `Pair ${text(d, "pair") ?? "?"} ${text(d, "status") ?? "?"}${why ? ` (${why})` : ""}: ${number(d, "done") ?? "?"} of ${number(d, "total") ?? "?"} finished`;
    }
    case "summary":
      return `Summary: ${number(d, "done") ?? 0} done, ${number(d, "rejected") ?? 0} rejected, ${number(d, "failed") ?? 0} failed, ${number(d, "credits") ?? 0} credits`;
    default:
      return `${event.type[0]?.toUpperCase() ?? ""}${event.type.slice(1)}`;
  }
}
