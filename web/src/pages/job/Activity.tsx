// The job's event log, newest first, as lines a person reads.
import type { EventPublic } from "../../api/types";
import { styles } from "../../ui/controls";
import { Empty } from "../../ui/states";
import { describe } from "./derive";
import type { Live } from "./events";

const liveWords: Record<Live, string> = {
  connecting: "connecting to live updates…",
  live: "live: new events appear as they happen",
  reconnecting: "reconnecting to live updates…",
  lost: "lost: the studio refused the live updates; reload the page to try again",
  closed: "not live (the job has ended)",
};

const SHOWN = 100;

/** The newest events (at most SHOWN), with whether the stream is live. */
export function Activity({ events, live }: { events: EventPublic[]; live: Live }) {
  const newest = [...events].reverse().slice(0, SHOWN);
  return (
    <section aria-labelledby="activity-heading" className="flex flex-col gap-2">
      <h2 id="activity-heading" className="text-lg font-semibold">
        Activity
      </h2>
      <p role="status" className={`text-sm ${styles.muted}`}>
        Updates: {liveWords[live]}
      </p>
      {newest.length === 0 ? (
        <Empty>No events yet: the job's first event appears when it is queued.</Empty>
      ) : (
        <ol aria-label="Job events, newest first" className="flex flex-col gap-1 text-sm">
          {newest.map((e) => (
            <li key={e.seq} className="break-words">
              <time dateTime={e.at} className={styles.muted}>
                {new Date(e.at).toLocaleTimeString()}
              </time>{" "}
              {describe(e)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
