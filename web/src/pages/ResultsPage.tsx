// Results page (being built).
import { usePageTitle } from "../ui/title";

/** Results. */
export function ResultsPage() {
  usePageTitle("Results");
  return <h1 className="text-2xl font-semibold">Results</h1>;
}
