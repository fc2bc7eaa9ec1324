// What the training pages read: the params' schema and families, the model, its dataset
// versions and its trainings.
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { ENDED } from "../../ui/job-state";

/** GET /training/params (the same for every model: cached once). */
export function useTrainingParams() {
  return useQuery({
    queryKey: ["training-params"],
    queryFn: async () => unwrap(await api.GET("/api/v1/training/params")),
    staleTime: Infinity,
  });
}

/** The model (the model page's query). */
export function useModel(name: string) {
  return useQuery({
    queryKey: ["model", name],
    queryFn: async () => unwrap(await api.GET("/api/v1/models/{name}", { params: { path: { name } } })),
  });
}

/** Every dataset version of the model, newest first. */
export function useDatasets(name: string) {
  return useQuery({
    queryKey: ["model", name, "datasets"],
    queryFn: async () => {
      const all = [];
      for (let after = 0; ; ) {
        const page = unwrap(
          await api.GET("/api/v1/models/{name}/datasets", { params: { path: { name }, query: { after, limit: 200 } } }),
        );
        all.push(...page.items);
        if (!page.next || page.items.length === 0) return all.reverse();
        after = Number(page.next);
      }
    },
  });
}

/** The model's trainings, newest first (refreshed every few seconds while one is under way). */
export function useTrainings(name: string) {
  return useQuery({
    queryKey: ["model", name, "trainings"],
    queryFn: async () => {
      const page = unwrap(await api.GET("/api/v1/jobs", { params: { query: { model: name, limit: 200 } } }));
      return page.items.filter((j) => j.kind === "train");
    },
    refetchInterval: (query) => (query.state.data?.some((j) => !ENDED.includes(j.state)) ? 3000 : false),
  });
}
