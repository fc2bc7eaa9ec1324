// A training's buttons: samples or a checkpoint now (at its next step), cancel, and resume (a
// retry, which goes on from the last checkpoint); each answer, or refusal, said beside them.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/problem";
import type { JobPublic } from "../../../api/types";
import { useConsentGate } from "../../../ui/consent-gate";
import { Button, styles } from "../../../ui/controls";

type Act = "sample" | "save" | "cancel" | "retry";

const done: Record<Act, string> = {
  sample: "Asked for samples: they appear in the grid below after the next step.",
  save: "Asked for a checkpoint: it is saved and scored after the next step.",
  cancel: "Cancel requested.",
  retry: "Resuming from the last checkpoint: queued again.",
};

/** The buttons the training's state allows. */
export function Controls({ job }: { job: JobPublic }) {
  const client = useQueryClient();
  const gate = useConsentGate(job.model);
  const path = { params: { path: { job_id: job.id } } };
  const act = useMutation({
    mutationFn: async (what: Act) => {
      if (what === "sample" || what === "save") {
        unwrap(await api.POST("/api/v1/jobs/{job_id}/requests", { ...path, body: { action: what } }));
        return null;
      }
      return unwrap(
        what === "cancel"
          ? await api.POST("/api/v1/jobs/{job_id}/cancel", path)
          : await api.POST("/api/v1/jobs/{job_id}/retry", path),
      );
    },
    onSuccess: (answer) => {
      if (answer === null) return;
      client.setQueryData(["job", job.id], answer);
      void client.invalidateQueries({ queryKey: ["model", job.model] });
    },
  });
  const running = job.state === "running";
  const cancel = job.state === "queued" || running;
  const resume = job.state === "failed" || job.state === "cancelled" || job.state === "crashed";
  const blocked = !gate.open;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          disabled={!running || blocked || act.isPending}
          onClick={() => act.mutate("sample")}
          aria-describedby="training-controls-why"
        >
          Sample now
        </Button>
        <Button
          disabled={!running || blocked || act.isPending}
          onClick={() => act.mutate("save")}
          aria-describedby="training-controls-why"
        >
          Save now
        </Button>
        {cancel && (
          <Button kind="danger" disabled={act.isPending} onClick={() => act.mutate("cancel")}>
            Cancel training
          </Button>
        )}
        {resume && (
          <Button kind="primary" disabled={blocked || act.isPending} onClick={() => act.mutate("retry")}>
            Resume training
          </Button>
        )}
      </div>
      <p id="training-controls-why" className={`text-sm ${styles.muted}`}>
        {blocked && gate.why
          ? gate.why
          : running
            ? "Sample now and Save now take effect at the training's next step; neither changes the weights it ends with."
            : "Sample now and Save now work while the training runs."}
      </p>
      {act.isError && (
        <p role="alert" className="text-red-800 dark:text-red-300">
          {act.error.message}
        </p>
      )}
      {act.isSuccess && act.variables && <p role="status">{done[act.variables]}</p>}
    </div>
  );
}
