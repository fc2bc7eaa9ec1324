// Models page (being built).
import { usePageTitle } from "../ui/title";

/** Models. */
export function Dashboard() {
  usePageTitle("Models");
  return <h1 className="text-2xl font-semibold">Models</h1>;
}
