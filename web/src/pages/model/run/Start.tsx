// "Start run": POST the job with an Idempotency-Key made once per click (a retry reuses it, so a
// lost answer never starts a second run), then open the job's page.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { useNavigate } from "react-router";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/problem";
import { Button } from "../../../ui/controls";
import { ErrorState } from "../../../ui/states";
import { type JobCreate, uuid } from "./estimate";

/** The button that starts the run the estimate is for; `why` disables it and says why. */
export function Start({ model, body, why }: { model: string; body: JobCreate; why: string | null }) {
  const key = useRef<string | null>(null);
  const navigate = useNavigate();
  const client = useQueryClient();
  const start = useMutation({
    mutationFn: async ({ idem, sent }: { idem: string; sent: JobCreate }) =>
      unwrap(
        await api.POST("/api/v1/models/{name}/jobs", {
          params: { path: { name: model }, header: { "idempotency-key": idem } },
          body: sent,
        }),
      ),
    onSuccess: (job) => {
      void client.invalidateQueries({ queryKey: ["jobs"] });
      if ("id" in job) void navigate(`/jobs/${job.id}`);
    },
  });
  const sent = useRef<JobCreate>(body);
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          kind="primary"
          disabled={why !== null || start.isPending}
          aria-describedby={why ? "start-why" : undefined}
          onClick={() => {
            key.current = uuid();
            sent.current = body;
            start.mutate({ idem: key.current, sent: body });
          }}
        >
          {start.isPending ? "Starting…" : "Start run"}
        </Button>
        {why && (
          <p id="start-why" className="text-sm text-slate-600 dark:text-slate-300">
            {why}
          </p>
        )}
      </div>
      {start.isError && (
        <ErrorState
          error={start.error}
          retry={() => key.current && start.mutate({ idem: key.current, sent: sent.current })}
        />
      )}
    </div>
  );
}
