// A training job live: loss, step, time left, checkpoints' samples (being built: issue 31).
import type { EventPublic, JobPublic } from "../../../api/types";

/** What a training job shows beyond its state. */
export function TrainingLive({ job, events }: { job: JobPublic; events: EventPublic[] }) {
  return (
    <section aria-labelledby="training-heading">
      <h2 id="training-heading" className="text-lg font-semibold">
        Training
      </h2>
      <p>
        {events.length} events for {job.model}.
      </p>
    </section>
  );
}
