// Cancel a queued or running job; retry a failed, cancelled or crashed one (the API's answer shown).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { JobPublic } from "../../api/types";
import { Button } from "../../ui/controls";

/** The buttons a job's state allows, and what the API said to the last press. */
export function Actions({ job }: { job: JobPublic }) {
  const client = useQueryClient();
  const path = { params: { path: { job_id: job.id } } };
  const act = useMutation({
    mutationFn: async (what: "cancel" | "retry") =>
      unwrap(
        what === "cancel"
          ? await api.POST("/api/v1/jobs/{job_id}/cancel", path)
          : await api.POST("/api/v1/jobs/{job_id}/retry", path),
      ),
    onSuccess: (answer) => {
      client.setQueryData(["job", job.id], answer);
      void client.invalidateQueries({ queryKey: ["model", job.model] });
    },
  });
  const cancel = job.state === "queued" || job.state === "running";
  const retry = job.state === "failed" || job.state === "cancelled" || job.state === "crashed";
  if (!cancel && !retry) return null;
  return (
    <div className="flex flex-wrap items-center gap-3">
      {cancel && (
        <Button kind="danger" disabled={act.isPending} onClick={() => act.mutate("cancel")}>
          Cancel job
        </Button>
      )}
      {retry && (
        <Button kind="primary" disabled={act.isPending} onClick={() => act.mutate("retry")}>
          Retry job
        </Button>
      )}
      {act.isError && (
        <p role="alert" className="text-red-800 dark:text-red-300">
          {act.error.message}
        </p>
      )}
      {act.isSuccess && (
        <p role="status">{act.variables === "cancel" ? "Cancel requested." : `Retrying as attempt ${act.data.attempt}.`}</p>
      )}
    </div>
  );
}
