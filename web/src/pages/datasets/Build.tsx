// "Build a dataset": family, sources and a cap; a dry run counts the candidates first, then
// the build is a job (its page follows it). Disabled with why when consent is not in force.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { useConsentGate } from "../../ui/consent-gate";
import { Button, styles } from "../../ui/controls";
import { ErrorState } from "../../ui/states";
import { FAMILIES, type Family } from "../dashboard/families";
import { uuid } from "../model/run/estimate";
import type { DatasetOptions } from "./types";

/** The build form with its dry run and the job it starts. */
export function Build({ name }: { name: string }) {
  const gate = useConsentGate(name);
  const client = useQueryClient();
  const whyId = useId();
  const [family, setFamily] = useState<Family | "">("");
  const [sources, setSources] = useState(false);
  const [max, setMax] = useState("");
  const cap = max.trim() === "" ? null : Number(max);
  const badMax = cap !== null && !(Number.isInteger(cap) && cap >= 1);
  const options: DatasetOptions = { family: family || null, include_sources: sources, max_images: badMax ? null : cap };
  const asked = JSON.stringify(options);
  const key = useRef<string>(uuid());
  const post = async (dry: boolean) =>
    unwrap(
      await api.POST("/api/v1/models/{name}/datasets", {
        params: { path: { name }, query: { dry_run: dry }, header: { "idempotency-key": dry ? null : key.current } },
        body: options,
      }),
    );
  // The options a dry run counted for travel as its variables: other options need another.
  const dry = useMutation({ mutationFn: async (_for: string) => post(true) });
  const build = useMutation({
    mutationFn: async () => post(false),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["jobs"] }),
  });
  const counted = dry.data && "dry_run" in dry.data ? dry.data : null;
  const fresh = counted !== null && dry.variables === asked;
  const job = build.data && "id" in build.data ? build.data : null;
  const why = gate.open ? (badMax ? "The cap must be a whole number of images (1 or more)." : !fresh ? "Count the candidates first (the dry run)." : null) : (gate.why ?? "Checking consent…");
  return (
    <section aria-labelledby="build-heading" className={`${styles.card} flex flex-col gap-4`}>
      <h2 id="build-heading" className="text-xl font-semibold">
        Build a dataset
      </h2>
      <fieldset disabled={!gate.open} className="flex flex-wrap items-end gap-x-6 gap-y-3">
        <legend className="sr-only">Options</legend>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Base family (crops)</span>
          <select className={styles.input} value={family} onChange={(e) => setFamily(e.currentTarget.value as Family | "")}>
            <option value="">The model's own</option>
            {Object.entries(FAMILIES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Images at most</span>
          <input className={`${styles.input} w-32`} type="number" min={1} step={1} inputMode="numeric" placeholder="model's" value={max} onChange={(e) => setMax(e.currentTarget.value)} />
        </label>
        <label className="flex items-center gap-2 pb-2">
          <input type="checkbox" className="h-4 w-4 accent-indigo-700 dark:accent-indigo-400" checked={sources} onChange={(e) => setSources(e.currentTarget.checked)} />
          Also train on source photos (a few stay held out)
        </label>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <Button disabled={!gate.open || badMax || dry.isPending} onClick={() => dry.mutate(asked)}>
          {dry.isPending ? "Counting…" : "Count candidates (dry run)"}
        </Button>
        <Button kind="primary" disabled={why !== null || build.isPending} aria-describedby={why ? whyId : undefined} onClick={() => {
            key.current = uuid(); // a retry below reuses it: a lost answer never builds twice
            build.mutate();
          }}
        >
          {build.isPending ? "Starting…" : "Build"}
        </Button>
      </div>
      {why && <p id={whyId} className={`text-sm ${styles.muted}`}>{why}</p>}
      <div aria-live="polite" className="flex flex-col gap-2">
        {counted && (
          <p>
            {fresh ? "" : "(for other options) "}
            {counted.candidates} candidates: {counted.results} accepted results, {counted.sources} source photos; at most {counted.options.max_images ?? "the model's"} images for{" "}
            {counted.options.family ?? "the model's family"}
            {counted.holdout.length > 0 ? `; ${counted.holdout.length} held out as identity reference` : ""}.
          </p>
        )}
        {job && (
          <p>
            Building: <Link className={styles.link} to={`/jobs/${job.id}`}>follow the build job</Link>. Its new version appears above when it ends.
          </p>
        )}
      </div>
      {dry.isError && <ErrorState error={dry.error} />}
      {build.isError && <ErrorState error={build.error} retry={() => build.mutate()} />}
    </section>
  );
}
