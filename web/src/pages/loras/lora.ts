// A model's LoRA versions as the pages read them: names for the API's schemas, the queries,
// and the metrics' names in words.
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
const TRAINING_POLL_MS = 5000;
export type LoraPublic = Schemas["LoraPublic"];
export type CheckpointPublic = Schemas["CheckpointPublic"];
export type ComparePublic = Schemas["ComparePublic"];
export type ExportPublic = Schemas["ExportPublic"];
export type LoraFormat = NonNullable<Schemas["ExportRequest"]["format"]>;
export type Metrics = CheckpointPublic["metrics"];

/** Every version of a model, oldest first (the API pages them; a model has few). */
export function useLoras(name: string) {
  return useQuery({
    queryKey: ["model", name, "loras"],
    queryFn: async () => {
      const items: LoraPublic[] = [];
      let after = 0;
      for (;;) {
        const page = unwrap(
          await api.GET("/api/v1/models/{name}/loras", { params: { path: { name }, query: { after, limit: 100 } } }),
        );
        items.push(...page.items);
        if (!page.next) return items;
        after = Number(page.next);
      }
    },
  });
}

/** One version (its checkpoints, samples and file). */
export function useLora(name: string, version: number) {
  return useQuery({
    queryKey: ["model", name, "loras", version],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/models/{name}/loras/{version}", { params: { path: { name, version } } })),
    enabled: Number.isInteger(version) && version > 0,
    // While it trains, its checkpoints and samples land: asked again now and then.
    refetchInterval: (query) => (query.state.data?.status === "training" ? TRAINING_POLL_MS : false),
  });
}

// The scores a checkpoint's samples get (the API's METRICS_DOC), in the order a table shows them.
const LABELS: Record<string, string> = {
  identity: "Identity (likeness to held-out photos)",
  face_rate: "Face share (samples with a face)",
  drift: "Drift",
  bleed: "Bleed (the person without the trigger)",
  clip: "Prompt fidelity",
  loss: "Loss",
};

/** A metric's name in words (an unknown one spelled out from its key). */
export function metricLabel(key: string): string {
  return LABELS[key] ?? key.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
}

/** The metrics of several score sets, known ones first, then the rest by name. */
export function metricKeys(sets: Metrics[]): string[] {
  const seen = new Set(sets.flatMap((m) => Object.keys(m)));
  const known = Object.keys(LABELS).filter((k) => seen.has(k));
  return [...known, ...[...seen].filter((k) => !(k in LABELS)).sort()];
}

/** A score as text ("not measured" where null or absent). */
export function metricValue(value: number | null | undefined, key: string): string {
  if (value === null || value === undefined) return "not measured";
  return key === "face_rate" ? `${Math.round(value * 100)}%` : value.toFixed(3);
}

export const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/** The version's state in words. */
export function versionState(v: LoraPublic): string {
  if (v.withdrawn) return "Withdrawn";
  return v.status === "done" ? "Done" : `Training (${v.steps} steps so far)`;
}
