// A model (persona): its numbers, consent, photos, the cost calculator, its jobs.
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../api/client";
import { unwrap } from "../api/problem";
import { styles } from "../ui/controls";
import { RefreshFailed } from "../ui/refresh";
import { ErrorState, Loading } from "../ui/states";
import { usePageTitle } from "../ui/title";
import { FAMILIES } from "./dashboard/families";
import { ConsentBadge, ModelNumbers } from "./dashboard/numbers";
import { ConsentSection } from "./model/Consent";
import { JobsSection } from "./model/Jobs";
import { RunSection } from "./model/Run";
import { Uploads } from "./model/Uploads";

/** The model named in the URL. */
export function ModelPage() {
  const name = useParams().name ?? "";
  usePageTitle(name);
  const model = useQuery({
    queryKey: ["model", name],
    queryFn: async () => unwrap(await api.GET("/api/v1/models/{name}", { params: { path: { name } } })),
  });
  const consent = useQuery({
    queryKey: ["consent", name],
    queryFn: async () => {
      const answer = await api.GET("/api/v1/models/{name}/consent", { params: { path: { name } } });
      if (answer.response.status === 404 && model.data) return null; // none recorded yet
      return unwrap(answer);
    },
    enabled: model.isSuccess,
  });
  if (model.isPending) return <Loading what={name} />;
  // A failed refresh keeps the page (and uploads under way) on screen, under a notice.
  if (model.data === undefined) return <ErrorState error={model.error ?? new Error(`no model ${name}`)} retry={() => void model.refetch()} />;
  const m = model.data;
  const inForce = consent.data && consent.data.revoked_at === null ? consent.data : null;
  return (
    <div className="flex flex-col gap-8">
      <RefreshFailed error={model.error} retry={() => void model.refetch()} />
      <header className="flex flex-col gap-3">
        <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
          <h1 className="text-2xl font-semibold break-all">{m.name}</h1>
          <nav aria-label={`Pages of ${m.name}`} className="flex flex-wrap gap-x-4">
            {[
              ["results", "Results"],
              ["datasets", "Datasets"],
              ["training", "Training"],
              ["loras", "LoRA versions"],
            ].map(([path, label]) => (
              <Link key={path} className={styles.link} to={`/models/${m.name}/${path}`}>
                {label}
              </Link>
            ))}
          </nav>
        </div>
        <p className={`text-sm ${styles.muted}`}>
          Trigger word <strong>{m.trigger}</strong> · {FAMILIES[m.family]} · {m.provider} engine
          {m.enhance ? ", enhanced" : ""}
        </p>
        <ConsentBadge summary={m.consent} />
        <ModelNumbers model={m} page />
      </header>
      {consent.isPending ? (
        <Loading what="consent" />
      ) : consent.data === undefined ? (
        <ErrorState error={consent.error ?? new Error("no consent")} retry={() => void consent.refetch()} />
      ) : (
        <>
          <RefreshFailed error={consent.error} retry={() => void consent.refetch()} />
          <ConsentSection model={m} consent={consent.data} />
          <Uploads model={m} consent={inForce} />
          <RunSection model={m} consent={inForce} />
        </>
      )}
      <JobsSection model={m} />
    </div>
  );
}
