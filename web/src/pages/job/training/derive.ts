// What a training's view reads out of its events: the loss by step, where it is now, and each
// checkpoint's (or requested) samples with their scores.
import type { EventPublic } from "../../../api/types";

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export interface Point {
  step: number;
  loss: number;
}

export interface Now {
  step: number;
  steps: number;
  loss: number | null;
  eta: number | null;
}

/** The loss at each step a progress event reported (a resumed run's repeat of a step wins). */
export function lossPoints(events: EventPublic[]): Point[] {
  const byStep = new Map<number, number>();
  for (const e of events) {
    if (e.type !== "progress") continue;
    const step = num(e.data.step);
    const loss = num(e.data.loss);
    if (step !== null && loss !== null) byStep.set(step, loss);
  }
  return [...byStep.entries()].sort((a, b) => a[0] - b[0]).map(([step, loss]) => ({ step, loss }));
}

/** The latest progress event: step of steps, loss, seconds left (null before the first). */
export function latest(events: EventPublic[]): Now | null {
  const e = [...events].reverse().find((x) => x.type === "progress");
  const step = e ? num(e.data.step) : null;
  const steps = e ? num(e.data.steps) : null;
  if (!e || step === null || steps === null) return null;
  return { step, steps, loss: num(e.data.loss), eta: num(e.data.eta_seconds) };
}

export interface Column {
  step: number;
  version: number | null;
  /** Drawn because someone asked (a "samples" event), not a scored checkpoint. */
  requested: boolean;
  scores: Record<string, number | null>;
  /** Sample file name -> its URL. */
  samples: Map<string, string>;
  /** Sample file name -> the prompt it was drawn from (events from before prompts were told: none). */
  prompts: Map<string, string>;
}

/** The grid's columns: each checkpoint (and each set drawn on request), by step. */
export function sampleColumns(events: EventPublic[]): Column[] {
  const byKey = new Map<string, Column>();
  for (const e of events) {
    if (e.type !== "checkpoint" && e.type !== "samples") continue;
    const step = num(e.data.step);
    if (step === null) continue;
    const names = strings(e.data.samples);
    const urls = strings(e.data.urls);
    const prompts = strings(e.data.prompts);
    const raw = (e.data.scores ?? {}) as Record<string, unknown>;
    const scores = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, num(v)]));
    const requested = e.type === "samples";
    byKey.set(`${step}-${e.type}`, {
      step,
      version: num(e.data.version),
      requested,
      scores,
      samples: new Map(names.flatMap((n, i) => (urls[i] ? [[n, urls[i]] as [string, string]] : []))),
      prompts: new Map(names.flatMap((n, i) => (prompts[i] ? [[n, prompts[i]] as [string, string]] : []))),
    });
  }
  return [...byKey.values()].sort((a, b) => a.step - b.step || Number(a.requested) - Number(b.requested));
}

/** The grid's rows: every sample name, the trigger's prompts first, then those without it. */
export function sampleRows(columns: Column[]): string[] {
  const names = new Set(columns.flatMap((c) => [...c.samples.keys()]));
  const plain = (n: string) => n.startsWith("plain-");
  return [...names].sort((a, b) => Number(plain(a)) - Number(plain(b)) || a.localeCompare(b));
}

/** The prompt a sample row was drawn from, as the newest column that says it. */
export function rowPrompt(name: string, columns: Column[]): string | null {
  for (const c of [...columns].reverse()) {
    const prompt = c.prompts.get(name);
    if (prompt) return prompt;
  }
  return null;
}

/** "Prompt 2" or "Prompt 1 without the trigger" for 01.jpg and plain-00.jpg. */
export function rowLabel(name: string): string {
  const n = Number(/(\d+)/.exec(name)?.[1] ?? "0") + 1;
  return name.startsWith("plain-") ? `Prompt ${n} without the trigger` : `Prompt ${n}`;
}
