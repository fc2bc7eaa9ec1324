// Job page (being built).
import { usePageTitle } from "../ui/title";

/** Job. */
export function JobPage() {
  usePageTitle("Job");
  return <h1 className="text-2xl font-semibold">Job</h1>;
}
