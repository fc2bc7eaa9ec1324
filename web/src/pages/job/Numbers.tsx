// A job's numbers: pairs finished of total, credits against the estimate, time left, attempts.
import { useEffect, useState } from "react";
import type { EventPublic, JobPublic } from "../../api/types";
import { Progress, styles } from "../../ui/controls";
import { duration, retries, secondsLeft } from "./derive";

function useNow(every: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [every]);
  return now;
}

const when = (at: string) => new Date(at).toLocaleString();

/** A training's step, steps and loss from its latest progress event (null for other jobs). */
function trainingSteps(job: JobPublic): { step: number; steps: number; loss: number | null } | null {
  const p = job.progress;
  if (!p || typeof p.step !== "number" || typeof p.steps !== "number") return null;
  return { step: p.step, steps: p.steps, loss: typeof p.loss === "number" ? p.loss : null };
}

/** The numbers of a job, each in words beside its bar. */
export function Numbers({ job, events }: { job: JobPublic; events: EventPublic[] }) {
  const now = useNow(5000);
  const total = job.pairs_total;
  const left = secondsLeft(job, events, now);
  const tried = retries(events);
  const share = total ? Math.round((100 * job.pairs_done) / total) : null;
  const steps = trainingSteps(job);
  return (
    <dl className="grid gap-4 sm:grid-cols-2">
      {steps && (
        <div className="flex flex-col gap-1 sm:col-span-2">
          <dt className="font-medium">Training steps</dt>
          <dd className="flex flex-col gap-1">
            <Progress label="Training steps" value={steps.step} max={steps.steps} />
            <span>
              step {steps.step} of {steps.steps}
              {steps.loss !== null && `, loss ${steps.loss.toFixed(4)}`}
            </span>
          </dd>
        </div>
      )}
      {(job.kind === "process" || total !== null) && (
        <div className="flex flex-col gap-1 sm:col-span-2">
          <dt className="font-medium">Pairs finished</dt>
          <dd className="flex flex-col gap-1">
            <Progress label="Pairs finished" value={job.pairs_done} max={total} />
            <span>
              {total === null
                ? `${job.pairs_done} so far (the run has not planned its pairs yet)`
                : `${job.pairs_done} of ${total} pairs (${share}%)`}
            </span>
          </dd>
        </div>
      )}
      <div>
        <dt className="font-medium">Credits</dt>
        <dd>
          {job.estimate_credits === null
            ? `${job.credits} so far`
            : `${job.credits} of an estimated ${job.estimate_credits}`}
        </dd>
      </div>
      <div>
        <dt className="font-medium">Time left</dt>
        <dd>
          {left !== null
            ? duration(left)
            : job.state === "running"
              ? "unknown until the first pair finishes"
              : job.finished_at
                ? `none: ended ${when(job.finished_at)}`
                : "not started"}
        </dd>
      </div>
      <div className="sm:col-span-2">
        <dt className="font-medium">Attempt</dt>
        <dd>
          {job.attempt === 1 ? "1 (not retried)" : `${job.attempt}`}
          {tried.length > 0 && (
            <ul className={`text-sm ${styles.muted}`}>
              {tried.map((r) => (
                <li key={`${r.attempt}-${r.at}`}>
                  Retried as attempt {r.attempt} at {when(r.at)}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
    </dl>
  );
}
