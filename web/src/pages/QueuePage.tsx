// The GPU queue: every training waiting for the pool's slot, in order (being built: issue 31).
import { usePageTitle } from "../ui/title";

/** The queue of the gpu pool. */
export function QueuePage() {
  usePageTitle("GPU queue");
  return <h1 className="text-2xl font-semibold">GPU queue</h1>;
}
