// A job's event log: first every stored page (GET .../events), then live from the SSE stream,
// kept in TanStack Query's cache so a reload rebuilds it all from the server.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { EventPublic } from "../../api/types";

// The event types tasks write (tasks/common.py job_event, aistudio/processing/runs.py, api/jobs.py).
const TYPES = ["state", "run", "pair", "summary", "progress", "result", "checkpoint", "samples"];

/** The query key of a job's events (not under ["job", id]: refreshing the job keeps them). */
export const eventsKey = (id: string) => ["job-events", id] as const;

async function everyEvent(id: string): Promise<EventPublic[]> {
  const all: EventPublic[] = [];
  for (let after = 0; ; ) {
    const page = unwrap(
      await api.GET("/api/v1/jobs/{job_id}/events", { params: { path: { job_id: id }, query: { after, limit: 200 } } }),
    );
    all.push(...page.items);
    if (page.next === null || page.items.length === 0) return all;
    after = Number(page.next);
  }
}

export type Live = "connecting" | "live" | "reconnecting" | "lost" | "closed";

/** The job's events so far, and the stream's state; `onEvent` hears each new one (while `follow`). */
export function useJobEvents(id: string, follow: boolean, onEvent: (event: EventPublic) => void) {
  const client = useQueryClient();
  const events = useQuery({ queryKey: eventsKey(id), queryFn: () => everyEvent(id) });
  const [live, setLive] = useState<Live>("closed");
  const heard = useRef(onEvent);
  useEffect(() => {
    heard.current = onEvent;
  });
  const loaded = events.isSuccess;
  useEffect(() => {
    if (!loaded || !follow) return;
    const kept = client.getQueryData<EventPublic[]>(eventsKey(id)) ?? [];
    const after = kept.at(-1)?.seq ?? 0;
    // The session cookie authenticates; on reconnect the browser sends Last-Event-ID.
    const source = new EventSource(`/api/v1/jobs/${encodeURIComponent(id)}/stream?after=${after}`);
    setLive("connecting");
    const arrive = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as EventPublic;
      client.setQueryData<EventPublic[]>(eventsKey(id), (old = []) =>
        old.some((e) => e.seq === event.seq) ? old : [...old, event].sort((a, b) => a.seq - b.seq),
      );
      heard.current(event);
    };
    for (const type of TYPES) source.addEventListener(type, arrive);
    source.onmessage = arrive;
    source.onopen = () => setLive("live");
    // CLOSED: the server refused (signed out?) and the browser gives up; else it reconnects.
    source.onerror = () => setLive(source.readyState === EventSource.CLOSED ? "lost" : "reconnecting");
    return () => {
      source.close();
      setLive("closed");
    };
  }, [client, id, loaded, follow]);
  return { events, live };
}
