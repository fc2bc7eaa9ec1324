// The dataset pages' names for the API's schemas (generated; never written by hand), and
// the queries both pages read.
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
export type DatasetSummary = Schemas["DatasetSummary"];
export type DatasetPublic = Schemas["DatasetPublic"];
export type DatasetItem = Schemas["DatasetItemPublic"];
export type DatasetOptions = Schemas["DatasetOptions"];
export type DatasetDryRun = Schemas["DatasetDryRun"];
export type Change = Schemas["Change"];

/** Every dataset version of a model, oldest first (all pages of the list). */
export function useDatasets(name: string) {
  return useQuery({
    queryKey: ["datasets", name],
    queryFn: async () => {
      const all: DatasetSummary[] = [];
      let after = 0;
      for (;;) {
        const page = unwrap(
          await api.GET("/api/v1/models/{name}/datasets", { params: { path: { name }, query: { after, limit: 200 } } }),
        );
        all.push(...page.items);
        if (page.next === null || page.next === undefined) return all;
        after = Number(page.next);
      }
    },
  });
}

/** One version with every candidate. */
export function useDataset(name: string, version: number) {
  return useQuery({
    queryKey: ["datasets", name, version],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/models/{name}/datasets/{version}", { params: { path: { name, version } } })),
    enabled: Number.isInteger(version) && version > 0,
  });
}

/** The last part of a stored path (what a person recognises a candidate by). */
export function shortName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}
