// The dry run (POST .../trainings?dry_run=true) of the form's request, refreshed as it changes:
// the params with the family's defaults filled in, or the API's refusal, before anything queues.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { components } from "../../api/schema";
import { useSettled } from "../model/run/estimate";
import type { TrainingCreate, TrainingRequest } from "./params";

export type Plan = components["schemas"]["TrainingPlanPublic"];

/** The check of `body` (none while disabled); `current` once it is the check of this body. */
export function useTrainingCheck(model: string, body: TrainingRequest, enabled: boolean) {
  const settled = useSettled(body);
  const query = useQuery({
    queryKey: ["training-check", model, settled],
    queryFn: async (): Promise<Plan> => {
      const data = unwrap(
        await api.POST("/api/v1/models/{name}/trainings", {
          params: { path: { name: model }, query: { dry_run: true } },
          body: settled as TrainingCreate,
        }),
      );
      if (!("dry_run" in data)) throw new Error("the studio started a job instead of checking one");
      return data;
    },
    enabled,
    placeholderData: keepPreviousData,
  });
  const current = JSON.stringify(settled) === JSON.stringify(body) && !query.isPlaceholderData && !query.isFetching;
  return { query, current };
}
