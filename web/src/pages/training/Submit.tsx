// "Queue training": POST with an Idempotency-Key made once per click (a retry reuses it, so a
// lost answer never queues a second training), then open the job.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useRef } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { Button, styles } from "../../ui/controls";
import { ErrorState } from "../../ui/states";
import { uuid } from "../model/run/estimate";
import type { TrainingCreate, TrainingRequest } from "./params";

/** The submit button; `why` disables it and says why. */
export function Submit({ model, body, why }: { model: string; body: TrainingRequest; why: string | null }) {
  const key = useRef<string | null>(null);
  const sent = useRef<TrainingRequest>(body);
  const whyId = useId();
  const navigate = useNavigate();
  const client = useQueryClient();
  const start = useMutation({
    mutationFn: async ({ idem, what }: { idem: string; what: TrainingRequest }) =>
      unwrap(
        await api.POST("/api/v1/models/{name}/trainings", {
          params: { path: { name: model }, header: { "idempotency-key": idem } },
          body: what as TrainingCreate,
        }),
      ),
    onSuccess: (job) => {
      void client.invalidateQueries({ queryKey: ["model", model] });
      if ("id" in job) void navigate(`/jobs/${job.id}`);
    },
  });
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          kind="primary"
          disabled={why !== null || start.isPending}
          aria-describedby={why ? whyId : undefined}
          onClick={() => {
            key.current = uuid();
            sent.current = body;
            start.mutate({ idem: key.current, what: body });
          }}
        >
          {start.isPending ? "Queueing…" : "Queue training"}
        </Button>
        {why && (
          <p id={whyId} className={`text-sm ${styles.muted}`}>
            {why}
          </p>
        )}
      </div>
      {start.isError && (
        <ErrorState error={start.error} retry={() => key.current && start.mutate({ idem: key.current, what: sent.current })} />
      )}
    </div>
  );
}
