// The GPU queue: read every few seconds, and reordered (PUT) among the places your jobs hold.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { components } from "../../api/schema";

export type Queue = components["schemas"]["QueuePublic"];
export type Entry = components["schemas"]["QueueEntry"];
export const POOL = "gpu";
const key = ["queue", POOL] as const;

/** GET /queues/gpu, refreshed every 3 s. */
export function useQueue() {
  return useQuery({
    queryKey: key,
    queryFn: async () => unwrap(await api.GET("/api/v1/queues/{pool}", { params: { path: { pool: POOL } } })),
    refetchInterval: 3000,
  });
}

/** PUT /queues/gpu with your waiting jobs in the order wanted; the answer replaces the list. */
export function useReorder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (order: { jobs: string[]; moved: string }) =>
      unwrap(await api.PUT("/api/v1/queues/{pool}", { params: { path: { pool: POOL } }, body: { jobs: order.jobs } })),
    onSuccess: (answer) => client.setQueryData(key, answer),
    // A refusal usually means the queue moved meanwhile: read it again to show it as it is.
    onError: () => void client.invalidateQueries({ queryKey: key }),
  });
}

/** Your jobs' ids in queue order, with `moved` put where `target` is (drag and drop). */
export function moveTo(mine: string[], moved: string, target: string): string[] {
  const rest = mine.filter((id) => id !== moved);
  const at = mine.indexOf(target);
  rest.splice(at, 0, moved);
  return rest;
}

/** Your jobs' ids in queue order, with `moved` swapped with its neighbour up (-1) or down (+1). */
export function moveBy(mine: string[], moved: string, by: -1 | 1): string[] {
  const i = mine.indexOf(moved);
  const j = i + by;
  if (i < 0 || j < 0 || j >= mine.length) return mine;
  const next = [...mine];
  [next[i], next[j]] = [next[j] as string, next[i] as string];
  return next;
}
