// "Generate captions" for a version that has only the template's: a captioning job (the model's captioner),
// linked to its page, where its result names the new version.
import { useMutation } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { Button, styles } from "../../ui/controls";
import type { ConsentGate } from "../../ui/consent-gate";
import { ErrorState } from "../../ui/states";

/** Start the captioning job; then the link to it. */
export function Generate({ name, version, gate }: { name: string; version: number; gate: ConsentGate }) {
  const start = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/models/{name}/datasets/{version}/captions/generate", { params: { path: { name, version } }, body: {} })),
  });
  return (
    <section aria-labelledby="generate-title" className={`${styles.card} flex flex-col gap-2`}>
      <h2 id="generate-title" className="text-lg font-semibold">
        Not captioned yet
      </h2>
      <p className={styles.muted}>
        Dataset v{version} has only the template's captions (the trigger and class word): generate descriptions with the model's captioner, then review
        the new version here.
      </p>
      {start.data ? (
        <p>
          Captioning started:{" "}
          <Link className={styles.link} to={`/jobs/${start.data.id}`}>
            follow the captioning job
          </Link>
          ; its result names the new version.
        </p>
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <Button kind="primary" disabled={gate.why !== null || start.isPending} aria-describedby={gate.why ? "generate-why" : undefined} onClick={() => start.mutate()}>
            {start.isPending ? "Starting…" : "Generate captions"}
          </Button>
          {gate.why && <p id="generate-why" className={`text-sm ${styles.muted}`}>{gate.why}</p>}
        </div>
      )}
      {start.isError && <ErrorState error={start.error} retry={() => start.mutate()} />}
    </section>
  );
}
