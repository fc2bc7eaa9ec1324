// Two or more versions side by side: each one's best checkpoint's numbers in a table, and the
// grid of their samples (same prompts and seeds, a row a version).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { Button, styles } from "../../ui/controls";
import { useConsentGate } from "../../ui/consent-gate";
import { ErrorState, Loading } from "../../ui/states";
import { type ComparePublic, metricKeys, metricLabel, metricValue } from "./lora";

/** The "Compare" button for the picked versions, and the comparison it asked for. */
export function Compare({ name, versions }: { name: string; versions: number[] }) {
  const [compared, setCompared] = useState<number[] | null>(null);
  const result = useQuery({
    queryKey: ["model", name, "loras", "compare", compared],
    queryFn: async () =>
      unwrap(await api.POST("/api/v1/models/{name}/loras/compare", { params: { path: { name } }, body: { versions: compared ?? [] } })),
    enabled: compared !== null,
  });
  const why = versions.length < 2 ? "Tick two finished versions or more above." : null;
  return (
    <section aria-labelledby="compare-heading" className="flex flex-col gap-3">
      <h2 id="compare-heading" className="text-xl font-semibold">
        Comparison
      </h2>
      <div className="flex flex-wrap items-center gap-3">
        <Button kind="primary" disabled={why !== null} aria-describedby={why ? "compare-why" : undefined} onClick={() => setCompared(versions)}>
          Compare {versions.length >= 2 ? `versions ${versions.join(", ")}` : "versions"}
        </Button>
        {why && (
          <p id="compare-why" className={`text-sm ${styles.muted}`}>
            {why}
          </p>
        )}
      </div>
      {compared !== null &&
        (result.isPending ? (
          <Loading what="the comparison" />
        ) : result.isError ? (
          <ErrorState error={result.error} retry={() => void result.refetch()} />
        ) : (
          <Comparison name={name} result={result.data} />
        ))}
    </section>
  );
}

/** The table (a column a version, a row a number) and the grid. */
function Comparison({ name, result }: { name: string; result: ComparePublic }) {
  const gate = useConsentGate(name);
  const rows = result.rows;
  const listed = rows.map((r) => `v${r.version}`).join(", ");
  const facts: [string, (r: ComparePublic["rows"][number]) => string][] = [
    ["Best step", (r) => String(r.best_step)],
    ["Dataset version", (r) => String(r.dataset_version)],
    ["Rank", (r) => String(r.rank)],
    ...metricKeys(rows.map((r) => r.metrics)).map(
      (key): [string, (r: ComparePublic["rows"][number]) => string] => [metricLabel(key), (r) => metricValue(r.metrics[key], key)],
    ),
  ];
  return (
    <div className="flex min-w-0 flex-col gap-4">
      {/* Focusable so a keyboard can scroll it sideways on a narrow screen. */}
      <div role="region" aria-label="Comparison table" tabIndex={0} className="max-w-full overflow-x-auto focus-visible:outline-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400">
        <table className="min-w-full border-collapse text-sm">
          <caption className={`pb-2 text-left ${styles.muted}`}>Each version's best checkpoint ({listed})</caption>
          <thead>
            <tr>
              <th scope="col" className="border-b border-slate-300 p-2 text-left dark:border-slate-600">
                Measure
              </th>
              {rows.map((r) => (
                <th key={r.version} scope="col" className="border-b border-slate-300 p-2 text-right dark:border-slate-600">
                  Version {r.version}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {facts.map(([label, value]) => (
              <tr key={label} className="border-b border-slate-200 dark:border-slate-700">
                <th scope="row" className="p-2 text-left font-medium">
                  {label}
                </th>
                {rows.map((r) => (
                  <td key={r.version} className="p-2 text-right tabular-nums">
                    {value(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figure className="flex min-w-0 flex-col gap-2">
        {gate.open ? (
          <>
            <img
              src={result.grid_url}
              alt={`Samples of versions ${listed}: same prompts and seeds, a row a version`}
              className="h-auto max-w-full self-start rounded border border-slate-200 dark:border-slate-700"
            />
            <figcaption className={`text-sm ${styles.muted}`}>
              The same prompts and seeds for each version; a row a version, AI-made.
            </figcaption>
          </>
        ) : (
          <p className={styles.muted}>The grid of samples is not shown: {gate.why ?? "checking consent…"}</p>
        )}
      </figure>
    </div>
  );
}
