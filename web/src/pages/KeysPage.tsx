// API keys: list the caller's, make one (its secret shown once), revoke one.
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { unwrap } from "../api/problem";
import { styles } from "../ui/controls";
import { RefreshFailed } from "../ui/refresh";
import { Empty, ErrorState, Loading } from "../ui/states";
import { usePageTitle } from "../ui/title";
import { CreateKey } from "./keys/CreateKey";
import { KeyList } from "./keys/KeyList";

/** Keys for scripts and the Python client (`Authorization: Bearer ais_...`). */
export function KeysPage() {
  usePageTitle("API keys");
  const keys = useQuery({ queryKey: ["keys"], queryFn: async () => unwrap(await api.GET("/api/v1/keys")) });
  return (
    <div className="flex flex-col gap-8">
      <div>
        <h1 className="text-2xl font-semibold">API keys</h1>
        <p className={styles.muted}>
          Scripts and the Python client call the studio with a key: <code>Authorization: Bearer ais_…</code>
        </p>
      </div>
      <div className="grid gap-8 md:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]">
        <section aria-labelledby="your-keys" className="flex min-w-0 flex-col gap-3">
          <h2 id="your-keys" className="text-xl font-semibold">
            Your keys
          </h2>
          {keys.isPending ? (
            <Loading what="keys" />
          ) : keys.data === undefined ? (
            <ErrorState error={keys.error ?? new Error("no keys")} retry={() => void keys.refetch()} />
          ) : (
            <>
              <RefreshFailed error={keys.error} retry={() => void keys.refetch()} />
              {keys.data.length === 0 ? (
                <Empty>No keys yet. Make one with the form: its secret is shown once.</Empty>
              ) : (
                <KeyList keys={keys.data} />
              )}
            </>
          )}
        </section>
        <CreateKey />
      </div>
    </div>
  );
}
