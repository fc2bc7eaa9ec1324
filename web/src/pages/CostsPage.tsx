// Costs: per model, each run's estimate beside the credits the provider billed.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../api/client";
import { unwrap } from "../api/problem";
import { Button, styles } from "../ui/controls";
import { RefreshFailed } from "../ui/refresh";
import { Empty, ErrorState, Loading } from "../ui/states";
import { usePageTitle } from "../ui/title";
import { ModelCosts } from "./costs/ModelCosts";

/** Every model of the caller's, a page of them at a time ("Load more"). */
export function CostsPage() {
  usePageTitle("Costs");
  const costs = useInfiniteQuery({
    queryKey: ["costs", "pages"],
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET("/api/v1/costs", { params: { query: { after: pageParam, limit: 20 } } })),
    initialPageParam: "",
    getNextPageParam: (page) => page.next ?? undefined,
  });
  const models = costs.data?.pages.flatMap((page) => page.items) ?? [];
  const spent = models.filter((m) => m.runs.length > 0);
  const idle = models.filter((m) => m.runs.length === 0);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Costs</h1>
        <p className={styles.muted}>
          Each run's estimate, made before it started, beside the credits the provider billed.
        </p>
      </div>
      {costs.isPending ? (
        <Loading what="costs" />
      ) : costs.data === undefined ? (
        <ErrorState error={costs.error ?? new Error("no costs")} retry={() => void costs.refetch()} />
      ) : spent.length === 0 && !costs.hasNextPage ? (
        <Empty>
          Nothing spent yet. Start a run from a{" "}
          <Link className={styles.link} to="/">
            model's page
          </Link>
          : its estimate and the credits billed show here.
        </Empty>
      ) : (
        <>
          {spent.map((m) => (
            <section key={m.model} className={styles.card} aria-label={`Costs of ${m.model}`}>
              <ModelCosts costs={m} />
            </section>
          ))}
          {idle.length > 0 && (
            <p className={`${styles.muted} break-all`}>
              No runs yet:{" "}
              {idle.map((m, i) => (
                <span key={m.model}>
                  {i > 0 && ", "}
                  <Link className={styles.link} to={`/models/${encodeURIComponent(m.model)}`}>
                    {m.model}
                  </Link>
                </span>
              ))}
              .
            </p>
          )}
          <RefreshFailed
            error={costs.error}
            more={costs.isFetchNextPageError}
            retry={() => void (costs.isFetchNextPageError ? costs.fetchNextPage() : costs.refetch())}
          />
          {costs.hasNextPage && (
            <Button
              className="self-start"
              disabled={costs.isFetchingNextPage}
              onClick={() => void costs.fetchNextPage()}
            >
              {costs.isFetchingNextPage ? "Loading…" : "Load more"}
            </Button>
          )}
        </>
      )}
    </div>
  );
}
