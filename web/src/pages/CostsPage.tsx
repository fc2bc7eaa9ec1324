// Costs page (being built).
import { usePageTitle } from "../ui/title";

/** Costs. */
export function CostsPage() {
  usePageTitle("Costs");
  return <h1 className="text-2xl font-semibold">Costs</h1>;
}
