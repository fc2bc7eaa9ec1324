// The GPU queue: what runs and what waits in which order (refreshed every few seconds); your
// waiting trainings reordered by drag and drop or by Move up / Move down.
import { styles } from "../ui/controls";
import { RefreshFailed } from "../ui/refresh";
import { ErrorState, Loading } from "../ui/states";
import { usePageTitle } from "../ui/title";
import { POOL, useQueue } from "./training/queue";
import { QueueList } from "./training/QueueList";

/** The queue of the gpu pool. */
export function QueuePage() {
  usePageTitle("GPU queue");
  const queue = useQueue();
  return (
    <div className="flex min-w-0 flex-col gap-6">
      <h1 className="text-2xl font-semibold">GPU queue</h1>
      {queue.data === undefined ? (
        queue.isError ? (
          <ErrorState error={queue.error} retry={() => void queue.refetch()} />
        ) : (
          <Loading what="the GPU queue" />
        )
      ) : (
        <>
          <section aria-labelledby="running-heading" className={`${styles.card} flex flex-col gap-1`}>
            <h2 id="running-heading" className="text-lg font-semibold">
              Running
            </h2>
            <p>
              {queue.data.running} running
              {queue.data.slots === null
                ? " (Prefect did not say how many slots the pool has)"
                : ` of ${queue.data.slots} slot${queue.data.slots === 1 ? "" : "s"} in the ${POOL} pool`}
              ; {queue.data.waiting.length} waiting.
            </p>
            <p className={`text-sm ${styles.muted}`}>The next training starts when a slot frees. This list refreshes every few seconds.</p>
            <RefreshFailed error={queue.error} retry={() => void queue.refetch()} />
          </section>
          <section aria-labelledby="waiting-heading" className="flex flex-col gap-3">
            <h2 id="waiting-heading" className="text-lg font-semibold">
              Waiting
            </h2>
            <QueueList waiting={queue.data.waiting} />
          </section>
        </>
      )}
    </div>
  );
}
