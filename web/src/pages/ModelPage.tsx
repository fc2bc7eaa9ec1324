// Model page (being built).
import { usePageTitle } from "../ui/title";

/** Model. */
export function ModelPage() {
  usePageTitle("Model");
  return <h1 className="text-2xl font-semibold">Model</h1>;
}
