// What the check said: the params with defaults filled in, or the API's refusal in its words.
import type { ApiError } from "../../api/problem";
import { styles } from "../../ui/controls";
import type { Plan } from "./check";

interface Props {
  plan: Plan | undefined;
  error: Error | null;
  checking: boolean;
}

/** The check's answer, as a region that says whether the training may be queued. */
export function DryRun({ plan, error, checking }: Props) {
  return (
    <section aria-labelledby="check-heading" aria-busy={checking} className="flex flex-col gap-2">
      <h2 id="check-heading" className="text-lg font-semibold">
        Check before queueing
      </h2>
      {checking && (
        <p role="status" className={styles.muted}>
          Checking the request with the studio…
        </p>
      )}
      {!checking && error && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100">
          <p className="font-medium">The studio refuses this training:</p>
          <p className="break-words">{error.message}</p>
          {(error as ApiError).rule && <p className="text-sm">Rule: {(error as ApiError).rule}</p>}
        </div>
      )}
      {!checking && !error && plan && <PlanView plan={plan} />}
    </section>
  );
}

function PlanView({ plan }: { plan: Plan }) {
  return (
    <div className="flex flex-col gap-2">
      <p role="status" className="text-green-900 dark:text-green-200">
        Ready to queue: dataset version {plan.dataset_version} on {plan.base} ({plan.license}).
      </p>
      <h3 className="font-medium">Every param it trains with, defaults filled in</h3>
      <dl aria-label="Params with defaults filled in" className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
        {Object.entries(plan.params).map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-mono break-all">{k}</dt>
            <dd className="break-all">{v === null ? "none" : String(v)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
