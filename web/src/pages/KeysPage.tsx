// API keys page (being built).
import { usePageTitle } from "../ui/title";

/** API keys. */
export function KeysPage() {
  usePageTitle("API keys");
  return <h1 className="text-2xl font-semibold">API keys</h1>;
}
