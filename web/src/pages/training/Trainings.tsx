// The model's trainings: each one's state, its place in the GPU queue or its step, and links.
import { Link } from "react-router";
import type { JobPublic } from "../../api/types";
import { styles } from "../../ui/controls";
import { StateBadge, stateMeaning } from "../../ui/job-state";
import { PrefectLink } from "../../ui/prefect";
import { RefreshFailed } from "../../ui/refresh";
import { Empty, ErrorState, Loading } from "../../ui/states";
import { useTrainings } from "./queries";

function progressOf(job: JobPublic): string | null {
  const p = job.progress;
  if (!p || typeof p.step !== "number" || typeof p.steps !== "number") return null;
  return `step ${p.step} of ${p.steps}${typeof p.loss === "number" ? `, loss ${p.loss.toFixed(4)}` : ""}`;
}

/** The list of the model's trainings, newest first. */
export function Trainings({ model }: { model: string }) {
  const trainings = useTrainings(model);
  return (
    <section aria-labelledby="trainings-heading" className="flex flex-col gap-3">
      <h2 id="trainings-heading" className="text-xl font-semibold">
        Trainings of {model}
      </h2>
      {trainings.data === undefined ? (
        trainings.isError ? (
          <ErrorState error={trainings.error} retry={() => void trainings.refetch()} />
        ) : (
          <Loading what="trainings" />
        )
      ) : trainings.data.length === 0 && !trainings.isError ? (
        <Empty>No trainings yet: queue one with the form above and it shows here.</Empty>
      ) : (
        <>
          <RefreshFailed error={trainings.error} retry={() => void trainings.refetch()} />
          <ul className="flex flex-col gap-3">
            {trainings.data.map((job) => (
              <Item key={job.id} job={job} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Item({ job }: { job: JobPublic }) {
  const started = new Date(job.created_at).toLocaleString();
  const params = (job.params.params ?? {}) as Record<string, unknown>;
  const what = [params.family, params.rank !== undefined && `rank ${String(params.rank)}`, params.steps !== undefined && `${String(params.steps)} steps`]
    .filter(Boolean)
    .join(", ");
  const step = progressOf(job);
  return (
    <li className={`${styles.card} flex flex-col gap-2`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <StateBadge state={job.state} />
        <Link className={styles.link} to={`/jobs/${job.id}`}>
          Training of {started}
        </Link>
        <PrefectLink url={job.prefect_url} what={`training of ${started}`} />
        {job.state === "queued" && job.place != null && (
          <Link className={styles.link} to="/queue">
            Place {job.place} in the GPU queue
          </Link>
        )}
      </div>
      <p className="text-sm break-words">
        {stateMeaning(job)}
        {step && `; ${step}`}
        {what && `; ${what}`}
        {job.attempt > 1 && `; attempt ${job.attempt}`}
      </p>
    </li>
  );
}
