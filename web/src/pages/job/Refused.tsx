// The pairs a job's runs refused or lost, each with the rule and the reason.
import type { EventPublic } from "../../api/types";
import { styles } from "../../ui/controls";
import { refusedPairs } from "./derive";

/** Failed and rejected pairs, or a line saying there are none. */
export function Refused({ events }: { events: EventPublic[] }) {
  const refused = refusedPairs(events);
  return (
    <section aria-labelledby="refused-heading" className="flex flex-col gap-2">
      <h2 id="refused-heading" className="text-lg font-semibold">
        Failed and rejected pairs ({refused.length})
      </h2>
      {refused.length === 0 ? (
        <p className={styles.muted}>None so far.</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {refused.map((p) => (
            <li key={p.pair} className="break-words rounded-md border border-slate-200 p-2 dark:border-slate-700">
              <strong>{p.pair}</strong>: {p.status}
              {p.rule && <> by the rule <code>{p.rule}</code></>}
              {p.reason && <>: {p.reason}</>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
