// Each checkpoint's samples as they land: a grid with the prompts as rows and the steps as
// columns, each column's scores at its head.
import { styles } from "../../../ui/controls";
import { Empty } from "../../../ui/states";
import { type Column, rowLabel, rowPrompt, sampleRows } from "./derive";

// The scores a checkpoint carries (scoring.Scores.as_metrics, and the loss), in words.
const METRICS: [string, string][] = [
  ["loss", "Loss"],
  ["identity", "Identity"],
  ["face_rate", "Face share"],
  ["drift", "Drift"],
  ["bleed", "Bleed"],
  ["clip", "Prompt fidelity"],
];

function Scores({ column }: { column: Column }) {
  if (column.requested) return <span className={styles.muted}>drawn on request, not scored</span>;
  const shown = METRICS.filter(([key]) => key in column.scores);
  return (
    <dl className="grid grid-cols-[auto_auto] gap-x-2 text-left text-xs font-normal">
      {shown.map(([key, label]) => {
        const v = column.scores[key];
        return (
          <div key={key} className="contents">
            <dt>{label}</dt>
            <dd className="tabular-nums">{v === null || v === undefined ? "not measured" : v.toFixed(3)}</dd>
          </div>
        );
      })}
    </dl>
  );
}

const heading = (c: Column) => `Step ${c.step}${c.requested ? " (on request)" : ""}`;

/** The prompt x step grid (an empty state until the first checkpoint). */
export function SampleGrid({ columns }: { columns: Column[] }) {
  const rows = sampleRows(columns);
  if (columns.length === 0) {
    return <Empty>No samples yet: each checkpoint's samples appear here as it is scored.</Empty>;
  }
  return (
    <div role="region" aria-label="Samples by prompt and step" tabIndex={0} className={`max-w-full overflow-x-auto rounded-md ${styles.card} p-2`}>
      <table className="border-separate border-spacing-2 text-sm">
        <caption className="text-left">Rows are the sample prompts, columns the steps they were drawn at.</caption>
        <thead>
          <tr>
            <th scope="col" className="text-left align-bottom">
              Prompt
            </th>
            {columns.map((c) => (
              <th key={`${c.step}-${c.requested}`} scope="col" className="text-left align-top">
                {heading(c)}
              </th>
            ))}
          </tr>
          <tr>
            <th scope="row" className="text-left align-top">
              Scores
            </th>
            {columns.map((c) => (
              <td key={`${c.step}-${c.requested}`} className="align-top">
                <Scores column={c} />
              </td>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((name) => (
            <tr key={name}>
              <th scope="row" className="max-w-56 text-left align-middle font-normal">
                {rowLabel(name)}
                {rowPrompt(name, columns) && (
                  <span className={`block text-xs ${styles.muted}`}>“{rowPrompt(name, columns)}”</span>
                )}
              </th>
              {columns.map((c) => {
                const url = c.samples.get(name);
                return (
                  <td key={`${c.step}-${c.requested}`}>
                    {url ? (
                      <a href={url} target="_blank" rel="noreferrer" className={styles.link}>
                        <img
                          src={url}
                          alt={`${rowLabel(name)}, ${heading(c).toLowerCase()}`}
                          className="h-24 w-24 min-w-24 rounded object-cover"
                          loading="lazy"
                        />
                      </a>
                    ) : (
                      <span className={styles.muted}>none</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
