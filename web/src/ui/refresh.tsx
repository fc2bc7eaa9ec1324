// A refresh (or "Load more") that failed while the last good answer stays on screen: polling
// pages keep their data, and what is under way (uploads) is not thrown away.
import { ErrorState } from "./states";

/** "Not up to date: <the API's detail>" (or "More could not be loaded: …"), with a retry. */
export function RefreshFailed({ error, retry, more = false }: { error: Error | null; retry: () => void; more?: boolean }) {
  if (error === null) return null;
  const what = more ? "More could not be loaded" : "Not up to date";
  return <ErrorState error={new Error(`${what}: ${error.message}`)} retry={retry} />;
}
