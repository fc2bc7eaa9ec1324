// What a run would cost and do, as the API estimates it for the choices made.
import type { EstimatePublic } from "../../../api/types";
import { styles } from "../../../ui/controls";

/** The estimate's numbers and the API's summary line. */
export function EstimateView({ estimate, stale }: { estimate: EstimatePublic; stale: boolean }) {
  const numbers: [string, number][] = [
    ["Credits", estimate.credits],
    ["Pairs", estimate.pairs],
    ["Swaps", estimate.swaps],
    ["Enhances", estimate.enhances],
    ["Already done", estimate.already_done],
  ];
  return (
    <div className={`${styles.card} flex flex-col gap-2 ${stale ? "opacity-70" : ""}`} aria-busy={stale}>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-5">
        {numbers.map(([label, value]) => (
          <div key={label} className="flex flex-col">
            <dt className={`text-sm ${styles.muted}`}>{label}</dt>
            <dd className="text-lg font-semibold">
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <p>{estimate.summary}</p>
    </div>
  );
}
