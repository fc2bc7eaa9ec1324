// A model's results gallery: each pair's status, the after image with its before/after
// comparison, refused pairs' rules and reasons, downloads; paged with "Load more".
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../api/client";
import { unwrap } from "../api/problem";
import { Button, styles } from "../ui/controls";
import { RefreshFailed } from "../ui/refresh";
import { Empty, ErrorState, Loading } from "../ui/states";
import { usePageTitle } from "../ui/title";
import { ResultCard } from "./results/ResultCard";

const PAGE = 24;
type Category = "" | "sfw" | "nsfw";

/** The results of the model named in the URL. */
export function ResultsPage() {
  const name = useParams().name ?? "";
  usePageTitle(`Results of ${name}`);
  const [category, setCategory] = useState<Category>("");
  const results = useInfiniteQuery({
    queryKey: ["model", name, "results", category],
    initialPageParam: "",
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET("/api/v1/models/{name}/results", {
          params: { path: { name }, query: { after: pageParam, limit: PAGE, category: category || null } },
        }),
      ),
    getNextPageParam: (page) => page.next ?? undefined,
  });
  const modelLink = `/models/${encodeURIComponent(name)}`;
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="flex min-w-0 flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-semibold break-words">Results of {name}</h1>
          <Link className={styles.link} to={modelLink}>
            Back to {name}
          </Link>
        </div>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Category</span>
          <select className={styles.input} value={category} onChange={(e) => setCategory(e.target.value as Category)}>
            <option value="">All</option>
            <option value="sfw">SFW</option>
            <option value="nsfw">NSFW</option>
          </select>
        </label>
      </div>
      {results.isPending ? (
        <Loading what="results" />
      ) : results.data === undefined ? (
        <ErrorState error={results.error ?? new Error("no results")} retry={() => void results.refetch()} />
      ) : items.length === 0 ? (
        <Empty>
          No results {category ? `in ${category.toUpperCase()} ` : ""}yet.{" "}
          <Link className={styles.link} to={modelLink}>
            Start a run on {name}'s page
          </Link>{" "}
          and its pairs show here as they finish.
        </Empty>
      ) : (
        <>
          <p className={styles.muted}>
            {items.length} pair{items.length === 1 ? "" : "s"} shown{results.hasNextPage ? "; more to load" : ""}.
          </p>
          <ul aria-label="Pairs" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {items.map((r) => (
              <ResultCard key={r.pair} result={r} />
            ))}
          </ul>
          {results.hasNextPage && (
            <Button className="self-center" disabled={results.isFetchingNextPage} onClick={() => void results.fetchNextPage()}>
              {results.isFetchingNextPage ? "Loading more…" : "Load more"}
            </Button>
          )}
          <RefreshFailed
            error={results.error}
            more={results.isFetchNextPageError}
            retry={() => void (results.isFetchNextPageError ? results.fetchNextPage() : results.refetch())}
          />
        </>
      )}
    </div>
  );
}
