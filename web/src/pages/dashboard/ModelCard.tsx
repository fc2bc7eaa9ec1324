// One model on the dashboard: its cover, numbers, consent and the job it is running.
import { PrefectLink } from "../../ui/prefect";
import { Link } from "react-router";
import type { ModelPublic } from "../../api/types";
import { Progress, styles } from "../../ui/controls";
import { ConsentBadge, ModelNumbers } from "./numbers";

type JobGlance = NonNullable<ModelPublic["job"]>;

const KINDS: Record<string, string> = {
  process: "Processing",
  dataset: "Dataset build",
  captions: "Captioning",
  train: "Training",
};

/** What the job is, in words: "Processing". */
function jobName(job: JobGlance): string {
  return KINDS[job.kind] ?? job.kind;
}

/** What the job is doing, in words: "Processing running: 2 of 6 pairs". */
function jobLine(job: JobGlance): string {
  const pairs = job.pairs_total === null ? "" : `: ${job.pairs_done} of ${job.pairs_total} pairs`;
  return `${jobName(job)} ${job.state}${pairs}`;
}

/** A model card (an article named by its heading). */
export function ModelCard({ model }: { model: ModelPublic }) {
  const headingId = `model-${model.name}`;
  return (
    <article aria-labelledby={headingId} className={`${styles.card} flex w-full min-w-0 flex-col gap-3`}>
      {model.cover ? (
        <img
          src={model.cover}
          alt={`${model.name}: first source photo`}
          loading="lazy"
          className="aspect-[4/3] w-full rounded-md bg-slate-100 object-cover dark:bg-slate-800"
        />
      ) : (
        <div className="flex aspect-[4/3] w-full items-center justify-center rounded-md border border-dashed border-slate-300 text-sm text-slate-600 dark:border-slate-600 dark:text-slate-300">
          No source photo yet
        </div>
      )}
      <h2 id={headingId} className="text-lg font-semibold">
        <Link className={styles.link} to={`/models/${model.name}`}>
          {model.name}
        </Link>
      </h2>
      <ConsentBadge summary={model.consent} />
      <ModelNumbers model={model} />
      {model.job && (
        <div className="flex flex-col gap-1 border-t border-slate-200 pt-3 text-sm dark:border-slate-700">
          <p>{jobLine(model.job)}</p>
          <Progress label={`${model.name}: ${jobName(model.job)}`} value={model.job.pairs_done} max={model.job.pairs_total} />
          <div className="flex flex-wrap gap-x-4">
            <Link className={styles.link} to={`/jobs/${model.job.id}`}>
              View job<span className="sr-only"> of {model.name}</span>
            </Link>
            <PrefectLink url={model.job.prefect_url ?? null} what={`job of ${model.name}`} />
          </div>
        </div>
      )}
    </article>
  );
}
