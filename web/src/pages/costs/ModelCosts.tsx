// One model's runs: each estimate beside the credits billed, the difference, the total.
import { Link } from "react-router";
import type { components } from "../../api/schema";
import { styles } from "../../ui/controls";
import { credits, difference, operations } from "./format";

export type CostsPublic = components["schemas"]["CostsPublic"];

const pad = "px-1.5 py-1.5 sm:px-2";
const cell = `${pad} text-right whitespace-nowrap tabular-nums`;
const head = `${pad} font-medium`;

/** A table per model: its caption links to the model's page. */
export function ModelCosts({ costs }: { costs: CostsPublic }) {
  const estimated = costs.runs.reduce((sum, run) => sum + run.estimate_credits, 0);
  return (
    <table className="w-full border-collapse text-sm">
      <caption className="pb-2 text-left text-lg font-semibold break-all">
        <Link className={styles.link} to={`/models/${encodeURIComponent(costs.model)}`}>
          {costs.model}
        </Link>
      </caption>
      <thead>
        <tr className="border-b border-slate-300 dark:border-slate-600">
          <th scope="col" className={`${head} text-left`}>
            Run
          </th>
          <th scope="col" className={`${head} text-right`}>
            Estimated
          </th>
          <th scope="col" className={`${head} text-right`}>
            Billed
          </th>
          <th scope="col" className={`${head} text-right`}>
            Difference
          </th>
        </tr>
      </thead>
      <tbody>
        {costs.runs.map((run) => (
          <tr key={run.run_id} className="border-b border-slate-200 align-top dark:border-slate-700">
            <th scope="row" className={`${pad} text-left font-normal`}>
              <span className="block font-mono break-all">{run.run_id}</span>
              <span className={`block text-xs ${styles.muted}`}>
                {run.status} · {operations(run.ops)}
              </span>
            </th>
            <td className={cell}>{credits(run.estimate_credits)}</td>
            <td className={cell}>{credits(run.credits)}</td>
            <td className={cell}>{difference(run.credits, run.estimate_credits)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr className="font-semibold">
          <th scope="row" className={`${pad} text-left`}>
            Total
          </th>
          <td className={cell}>{credits(estimated)}</td>
          <td className={cell}>{credits(costs.total_credits)}</td>
          <td className={cell}>{difference(costs.total_credits, estimated)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
