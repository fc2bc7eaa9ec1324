// The cost calculator (the API's estimate, refreshed as the choices change) and the button
// that starts the run.
import { useState } from "react";
import type { ConsentPublic, ModelPublic } from "../../api/types";
import { useConsentGate } from "../../ui/consent-gate";
import { styles } from "../../ui/controls";
import { ErrorState, Loading } from "../../ui/states";
import { type JobCreate, useEstimate } from "./run/estimate";
import { EstimateView } from "./run/EstimateView";
import { Sources, useSourcePhotos } from "./run/Sources";
import { Start } from "./run/Start";
import { coverage, Radios } from "./upload/RoleChoice";

type Category = JobCreate["category"];

/** Category, sources, enhance and a budget cap; the estimate for them; then start. */
export function RunSection({ model, consent }: { model: ModelPublic; consent: ConsentPublic | null }) {
  const covers = (c: "sfw" | "nsfw") => coverage(consent, c) === null;
  const [category, setCategory] = useState<Category>(covers("sfw") || !covers("nsfw") ? "sfw" : "nsfw");
  const [excluded, setExcluded] = useState<Set<number>>(new Set());
  const [enhance, setEnhance] = useState(model.enhance);
  const [budget, setBudget] = useState(model.budget_credits == null ? "" : String(model.budget_credits));
  const cap = budget.trim() === "" ? null : Number(budget);
  const badBudget = cap !== null && !(Number.isFinite(cap) && cap >= 0);
  const photos = useSourcePhotos(model.name);
  const numbers = (photos.data?.items ?? []).map((p) => p.number);
  const body: JobCreate = {
    kind: "process",
    category,
    enhance,
    // All (null) unless some are unticked: sources added later are then in too.
    sources: excluded.size === 0 ? null : numbers.filter((n) => !excluded.has(n)),
    budget_credits: badBudget ? null : cap,
  };
  const gate = useConsentGate(model.name);
  const revoked = gate.consent?.revoked_at ? gate.why : null;
  const none = revoked ?? (consent === null ? "Record consent above first: a run needs it." : null);
  const { query, current } = useEstimate(model.name, body, none === null && !badBudget);
  const toggle = (number: number) => {
    const next = new Set(excluded);
    if (next.has(number)) next.delete(number);
    else next.add(number);
    setExcluded(next);
  };
  const why =
    none ??
    (badBudget
      ? "The budget cap must be a number of credits (0 or more)."
      : query.isError
        ? "The estimate refuses this run (see above)."
        : !current || query.isFetching || !query.data
          ? "Waiting for the estimate…"
          : null);
  const categories = (["sfw", "nsfw", "both"] as const).map((c) => ({
    label: c,
    value: c,
    why: c !== "both" ? coverage(consent, c) : covers("sfw") && covers("nsfw") ? null : "Both needs consent for sfw and nsfw.",
  }));
  return (
    <section aria-labelledby="run-heading" className="flex flex-col gap-4">
      <h2 id="run-heading" className="text-xl font-semibold">
        Run
      </h2>
      {none && <p className={styles.muted}>{none}</p>}
      <fieldset disabled={none !== null} className="flex flex-col gap-4">
        <legend className="sr-only">What to run</legend>
        <Radios legend="Category" name="run-category" value={category} onChange={(v) => setCategory(v as Category)} choices={categories} />
        <Sources model={model.name} photos={photos} excluded={excluded} toggle={toggle} disabled={none !== null} />
        <div className="flex flex-wrap items-end gap-x-8 gap-y-3">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={enhance} onChange={(e) => setEnhance(e.currentTarget.checked)} className="h-4 w-4 accent-indigo-700 dark:accent-indigo-400" />
            Enhance (2× upscale of each swap)
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">Budget cap (credits)</span>
            <input
              className={styles.input}
              type="number"
              min={0}
              step="any"
              inputMode="decimal"
              value={budget}
              aria-describedby="budget-hint"
              onChange={(e) => setBudget(e.currentTarget.value)}
            />
            <span id="budget-hint" className={`text-sm ${styles.muted}`}>
              Empty: no cap. The run is refused above it, and stops at it.
            </span>
          </label>
        </div>
      </fieldset>
      {none === null && (
        <section aria-labelledby="estimate-heading" aria-live="polite" className="flex flex-col gap-2">
          <h3 id="estimate-heading" className="font-semibold">
            Estimate
          </h3>
          {query.isError ? (
            <ErrorState error={query.error} />
          ) : query.data ? (
            <EstimateView estimate={query.data} stale={!current || query.isFetching} />
          ) : (
            !badBudget && <Loading what="the estimate" />
          )}
        </section>
      )}
      <Start model={model.name} body={body} why={why} />
    </section>
  );
}
