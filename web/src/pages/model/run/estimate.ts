// The run's choices as the API's JobCreate body, and its estimate, refreshed (debounced) as they change.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/problem";
import type { components } from "../../../api/schema";

export type JobCreate = components["schemas"]["JobCreate"];
const WAIT_MS = 350;

/** The value, once it has stopped changing for a moment (no request per keystroke). */
export function useSettled<T>(value: T, wait = WAIT_MS): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), wait);
    return () => clearTimeout(timer);
    // Compared by content (key), not identity: a new object with the same choices waits on.
  }, [key, wait]);
  return settled;
}

/** The estimate of a body (none while disabled); a 409 over the budget is its error. */
export function useEstimate(model: string, body: JobCreate, enabled: boolean) {
  const settled = useSettled(body);
  const query = useQuery({
    queryKey: ["estimate", model, settled],
    queryFn: async () =>
      unwrap(await api.POST("/api/v1/models/{name}/estimates", { params: { path: { name: model } }, body: settled })),
    enabled,
    placeholderData: keepPreviousData,
  });
  const current = JSON.stringify(settled) === JSON.stringify(body) && !query.isPlaceholderData;
  return { query, current };
}

/** A random uuid (v4); crypto.randomUUID needs a secure context, getRandomValues does not. */
export function uuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
