// A training job live: the loss chart, step of steps and time left, each checkpoint's samples
// as they land (a prompt x step grid), "Sample now", "Save now", cancel, resume and clone; all
// rebuilt from the job's stored events on a reload, then followed live.
import type { EventPublic, JobPublic } from "../../../api/types";
import { styles } from "../../../ui/controls";
import { duration } from "../derive";
import { Clone } from "./Clone";
import { Controls } from "./Controls";
import { latest, lossPoints, sampleColumns } from "./derive";
import { LossChart } from "./LossChart";
import { SampleGrid } from "./SampleGrid";

function where(job: JobPublic, now: ReturnType<typeof latest>): string {
  if (now === null) return job.state === "queued" ? "Not started: waiting in the GPU queue." : "No step reported yet.";
  const share = Math.round((100 * now.step) / Math.max(now.steps, 1));
  const left =
    job.state !== "running"
      ? `; ${job.state === "succeeded" ? "finished" : `stopped (${job.state})`}`
      : now.eta !== null
        ? `; ${duration(now.eta)} left`
        : "";
  return `Step ${now.step} of ${now.steps} (${share}%)${left}.`;
}

/** What a training job shows beyond its state. */
export function TrainingLive({ job, events }: { job: JobPublic; events: EventPublic[] }) {
  const now = latest(events);
  const columns = sampleColumns(events);
  return (
    <section aria-labelledby="training-heading" className={`${styles.card} flex min-w-0 flex-col gap-5`}>
      <h2 id="training-heading" className="text-lg font-semibold">
        Training
      </h2>
      <p aria-live="polite">{where(job, now)}</p>
      <Controls job={job} />
      <section aria-labelledby="loss-heading" className="flex flex-col gap-2">
        <h3 id="loss-heading" className="font-semibold">
          Loss
        </h3>
        <LossChart points={lossPoints(events)} steps={now?.steps ?? null} />
      </section>
      <section aria-labelledby="samples-heading" className="flex min-w-0 flex-col gap-2">
        <h3 id="samples-heading" className="font-semibold">
          Samples ({columns.length} {columns.length === 1 ? "step" : "steps"})
        </h3>
        <SampleGrid columns={columns} />
      </section>
      <Clone job={job} />
    </section>
  );
}
