// The studio's own caption rules, asked of the API 300 ms after the reviewer stops typing
// (POST .../captions/check: the checks an edit applies), never re-implemented here.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { CaptionCheck } from "./types";

const MAX_CHECKED = 1000; // the route's limit per request

/** The value, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Each caption's problems and token count as the API finds them (the last answer while the
 * next is on its way). */
export function useCaptionChecks(name: string, version: number, texts: Record<string, string>) {
  const typed = JSON.stringify(texts); // compared by value: each render makes a new object
  const settled = useDebounced(typed, 300);
  const query = useQuery({
    queryKey: ["caption-check", name, version, settled],
    queryFn: async () => {
      const all = JSON.parse(settled) as Record<string, string>;
      const captions = Object.fromEntries(Object.entries(all).slice(0, MAX_CHECKED));
      const answer = await api.POST("/api/v1/models/{name}/datasets/{version}/captions/check", {
        params: { path: { name, version } },
        body: { captions },
      });
      return unwrap(answer).captions;
    },
    enabled: settled !== "{}",
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  const checks: Record<string, CaptionCheck> = query.data ?? {};
  return { checks, settled: settled === typed && !query.isFetching, error: query.error };
}
