// The dashboard: a card per model (paged), and the form that creates one.
import { useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { unwrap } from "../api/problem";
import { Button } from "../ui/controls";
import { RefreshFailed } from "../ui/refresh";
import { Empty, ErrorState, Loading } from "../ui/states";
import { usePageTitle } from "../ui/title";
import { CreateModel } from "./dashboard/CreateModel";
import { ModelCard } from "./dashboard/ModelCard";

const PAGE = 24;
const WHILE_RUNNING_MS = 5000; // a running job's bar moves without a reload

/** Models. */
export function Dashboard() {
  usePageTitle("Models");
  const models = useInfiniteQuery({
    queryKey: ["models", "cards"],
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET("/api/v1/models", { params: { query: { after: pageParam, limit: PAGE } } })),
    initialPageParam: "",
    getNextPageParam: (last) => last.next ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((m) => m.job !== null)) ? WHILE_RUNNING_MS : false,
  });
  const items = models.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Models</h1>
      {models.data !== undefined && !models.isFetchNextPageError && (
        <RefreshFailed error={models.error} retry={() => void models.refetch()} />
      )}
      {models.isPending ? (
        <Loading what="your models" />
      ) : models.data === undefined ? (
        <ErrorState error={models.error ?? new Error("no models")} retry={() => void models.refetch()} />
      ) : items.length === 0 ? (
        <Empty>No models yet. Create your first persona with the form below.</Empty>
      ) : (
        <section aria-label="Your models" className="flex flex-col gap-4">
          <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {items.map((model) => (
              <li key={model.name} className="flex">
                <ModelCard model={model} />
              </li>
            ))}
          </ul>
          {models.hasNextPage && (
            <Button className="self-center" onClick={() => void models.fetchNextPage()} disabled={models.isFetchingNextPage}>
              {models.isFetchingNextPage ? "Loading more…" : "Load more"}
            </Button>
          )}
          {models.isFetchNextPageError && (
            <RefreshFailed error={models.error} more retry={() => void models.fetchNextPage()} />
          )}
        </section>
      )}
      <CreateModel />
    </div>
  );
}
