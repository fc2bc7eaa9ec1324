// The waiting line: your jobs with their links and "Move up"/"Move down" (keyboard), also
// dragged and dropped onto one another; another user's job shows only its place.
import { type DragEvent, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import type { JobPublic } from "../../api/types";
import { styles } from "../../ui/controls";
import { Empty } from "../../ui/states";
import { type Entry, moveBy, moveTo, useReorder } from "./queue";

const TYPE = "application/x-aistudio-job";

function describe(job: JobPublic): string {
  const p = (job.params.params ?? {}) as Record<string, unknown>;
  const bits = [p.family, p.rank !== undefined && `rank ${String(p.rank)}`, p.steps !== undefined && `${String(p.steps)} steps`];
  return bits.filter(Boolean).join(", ");
}

/** The waiting jobs in order (an empty state when none waits). */
export function QueueList({ waiting }: { waiting: Entry[] }) {
  const reorder = useReorder();
  const mine = waiting.flatMap((e) => (e.job ? [e.job.id] : []));
  const [over, setOver] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const refocus = useRef<string | null>(null);
  useEffect(() => {
    // After a move by keys the list is redrawn: focus stays on the button that moved the job.
    const wanted = refocus.current;
    if (wanted === null) return;
    const button = buttons.current.get(wanted);
    const other = buttons.current.get(wanted.endsWith("-up") ? wanted.replace(/-up$/, "-down") : wanted.replace(/-down$/, "-up"));
    (button && !button.disabled ? button : other)?.focus();
    refocus.current = null;
  }, [waiting]);
  if (waiting.length === 0) return <Empty>Nothing waits: a training queued now starts as soon as a slot is free.</Empty>;
  const send = (jobs: string[], moved: string) => {
    if (jobs.join() !== mine.join()) reorder.mutate({ jobs, moved });
  };
  const drop = (event: DragEvent, target: string) => {
    event.preventDefault();
    setOver(null);
    const moved = event.dataTransfer.getData(TYPE);
    if (moved && moved !== target) send(moveTo(mine, moved, target), moved);
  };
  const movedEntry = waiting.find((e) => e.job?.id === reorder.variables?.moved);
  return (
    <div className="flex flex-col gap-3">
      <p className={`text-sm ${styles.muted}`}>
        Reorder your trainings with Move up and Move down, or drag one onto another: they swap among the places they hold,
        and other users' jobs keep theirs.
      </p>
      <ol aria-label="Waiting trainings, next first" className="flex flex-col gap-2">
        {waiting.map((entry) => {
          const job = entry.job;
          if (!job) {
            return (
              <li key={`place-${entry.place}`} className={`${styles.card} ${styles.muted}`}>
                Number {entry.place}: another user's training
              </li>
            );
          }
          const i = mine.indexOf(job.id);
          const started = new Date(job.created_at).toLocaleString();
          return (
            <li
              key={job.id}
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData(TYPE, job.id);
                e.dataTransfer.effectAllowed = "move";
              }}
              onDragOver={(e) => {
                if (!e.dataTransfer.types.includes(TYPE)) return;
                e.preventDefault();
                setOver(job.id);
              }}
              onDragLeave={() => setOver((was) => (was === job.id ? null : was))}
              onDrop={(e) => drop(e, job.id)}
              className={`${styles.card} flex cursor-grab flex-wrap items-center gap-x-4 gap-y-2 ${over === job.id ? "outline-2 outline-indigo-600 dark:outline-indigo-400" : ""}`}
            >
              <span aria-hidden="true" className={styles.muted}>
                ⠿
              </span>
              <span className="font-medium">Number {entry.place}</span>
              <Link className={`${styles.link} break-words`} to={`/jobs/${job.id}`}>
                Training of {job.model}, queued {started}
              </Link>
              <span className="text-sm">{describe(job)}</span>
              <span className="flex gap-2 sm:ml-auto">
                {([["up", -1, "Move up"], ["down", 1, "Move down"]] as const).map(([dir, by, label]) => (
                  <button
                    type="button"
                    key={dir}
                    ref={(el: HTMLButtonElement | null) => {
                      if (el) buttons.current.set(`${job.id}-${dir}`, el);
                      else buttons.current.delete(`${job.id}-${dir}`);
                    }}
                    className={`${styles.secondary} py-1 text-sm`}
                    aria-label={`${label}: training of ${job.model}, number ${entry.place}`}
                    disabled={reorder.isPending || (by === -1 ? i === 0 : i === mine.length - 1)}
                    onClick={() => {
                      refocus.current = `${job.id}-${dir}`;
                      send(moveBy(mine, job.id, by), job.id);
                    }}
                  >
                    {label}
                  </button>
                ))}
              </span>
            </li>
          );
        })}
      </ol>
      {reorder.isError && (
        <p role="alert" className="text-red-800 dark:text-red-300">
          The queue was not reordered: {reorder.error.message}
        </p>
      )}
      <p role="status" className="text-sm">
        {reorder.isSuccess && movedEntry ? `Moved: that training is now number ${movedEntry.place}.` : ""}
      </p>
    </div>
  );
}
