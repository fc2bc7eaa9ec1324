// Clone: a new training with this one's request and the params changed here (only what
// changed is sent), queued with an Idempotency-Key; then the new job opens.
import { useMutation } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/problem";
import type { JobPublic } from "../../../api/types";
import { useConsentGate } from "../../../ui/consent-gate";
import { Button, styles } from "../../../ui/controls";
import { ErrorState, Loading } from "../../../ui/states";
import { uuid } from "../../model/run/estimate";
import { ParamFields } from "../../training/ParamInput";
import { changed, paramFields, toParams, toValues, type TrainParams } from "../../training/params";
import { useTrainingParams } from "../../training/queries";

/** "Clone with changes": the job's params in the form, and the button that queues the clone. */
export function Clone({ job }: { job: JobPublic }) {
  const schema = useTrainingParams();
  return (
    <details className="rounded-md border border-slate-300 p-3 dark:border-slate-600">
      <summary className="cursor-pointer font-medium">Clone with changes</summary>
      <div className="mt-3">
        {schema.isPending ? (
          <Loading what="the params" />
        ) : schema.isError ? (
          <ErrorState error={schema.error} retry={() => void schema.refetch()} />
        ) : (
          <CloneForm job={job} schema={schema.data.params_schema} />
        )}
      </div>
    </details>
  );
}

function CloneForm({ job, schema }: { job: JobPublic; schema: Record<string, unknown> }) {
  const fields = useMemo(() => paramFields(schema), [schema]);
  const old = useMemo(() => (job.params.params ?? {}) as Record<string, unknown>, [job.params]);
  const [values, setValues] = useState(() => toValues(fields, old));
  const gate = useConsentGate(job.model);
  const navigate = useNavigate();
  const key = useRef<string | null>(null);
  const changes = changed(toParams(fields, values, null), old);
  const clone = useMutation({
    mutationFn: async (idem: string) =>
      unwrap(
        await api.POST("/api/v1/jobs/{job_id}/clone", {
          params: { path: { job_id: job.id }, header: { "idempotency-key": idem } },
          body: { params: changes as TrainParams },
        }),
      ),
    onSuccess: (made) => void navigate(`/jobs/${made.id}`),
  });
  const count = Object.keys(changes).length;
  return (
    <form className="flex flex-col gap-4" aria-label="Clone with changes" onSubmit={(e) => e.preventDefault()}>
      <p className={`text-sm ${styles.muted}`}>
        The clone trains the same dataset version on the same base ({String(old.family ?? "")}); the fields start at
        this training's params.
      </p>
      <ParamFields fields={fields} values={values} onChange={(name, v) => setValues((was) => ({ ...was, [name]: v }))} />
      <div className="flex flex-wrap items-center gap-3">
        <Button
          kind="primary"
          disabled={!gate.open || clone.isPending}
          onClick={() => {
            key.current = uuid();
            clone.mutate(key.current);
          }}
        >
          {clone.isPending ? "Queueing…" : "Queue the clone"}
        </Button>
        <p role="status" className="text-sm">
          {!gate.open && gate.why ? gate.why : count === 0 ? "Nothing changed: the clone trains the same again." : `${count} param${count === 1 ? "" : "s"} changed: ${Object.keys(changes).join(", ")}`}
        </p>
      </div>
      {clone.isError && <ErrorState error={clone.error} retry={() => key.current && clone.mutate(key.current)} />}
    </form>
  );
}
