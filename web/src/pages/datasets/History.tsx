// The version history, newest first: counts, what changed from the parent, captions and review.
import { Link } from "react-router";
import { styles } from "../../ui/controls";
import { Empty, ErrorState, Loading } from "../../ui/states";
import { reviewed, whatChanged } from "./history";
import { useDatasets } from "./types";

/** Every dataset version of a model, each linking to its page. */
export function History({ name }: { name: string }) {
  const versions = useDatasets(name);
  return (
    <section aria-labelledby="history-heading" className="flex flex-col gap-3">
      <h2 id="history-heading" className="text-xl font-semibold">
        Versions
      </h2>
      {versions.isPending ? (
        <Loading what="dataset versions" />
      ) : versions.isError ? (
        <ErrorState error={versions.error} retry={() => void versions.refetch()} />
      ) : versions.data.length === 0 ? (
        <Empty>No dataset yet. Build one below from {name}'s accepted results.</Empty>
      ) : (
        <ol aria-label="Dataset versions, newest first" className="flex flex-col gap-3">
          {[...versions.data].reverse().map((v) => (
            <li key={v.version} className={`${styles.card} flex flex-col gap-1`}>
              <div className="flex flex-wrap items-baseline gap-x-3">
                <Link className={`${styles.link} font-semibold`} to={`/models/${encodeURIComponent(name)}/datasets/${v.version}`}>
                  v{v.version}
                </Link>
                <span>{whatChanged(v, versions.data)}</span>
              </div>
              <p className={`text-sm ${styles.muted}`}>
                {v.included} in, {v.excluded} left out · {v.family} · captions by {v.captioner ?? "the template"} · {reviewed(v)} ·{" "}
                {new Date(v.created_at).toLocaleString()}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
