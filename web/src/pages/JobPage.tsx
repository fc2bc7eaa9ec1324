// One job, live: its state, pairs finished, refused pairs with reasons, retries, credits against
// the estimate, time left; all rebuilt from the server on a reload.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import { Link, useParams } from "react-router";
import { api } from "../api/client";
import { unwrap } from "../api/problem";
import type { EventPublic } from "../api/types";
import { styles } from "../ui/controls";
import { ENDED, StateBadge, stateMeaning } from "../ui/job-state";
import { PrefectLink } from "../ui/prefect";
import { RefreshFailed } from "../ui/refresh";
import { ErrorState, Loading } from "../ui/states";
import { usePageTitle } from "../ui/title";
import { Actions } from "./job/Actions";
import { Activity } from "./job/Activity";
import { useJobEvents } from "./job/events";
import { Numbers } from "./job/Numbers";
import { Refused } from "./job/Refused";
import { TrainingLive } from "./job/training/TrainingLive";

/** Invalidate a query at most every `ms` (a burst of replayed events is one refetch). */
function useCoalesced(ms: number) {
  const client = useQueryClient();
  const pending = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const timers = pending.current;
    return () => timers.forEach(clearTimeout);
  }, []);
  return useCallback(
    (key: readonly unknown[], exact = false) => {
      const id = JSON.stringify(key);
      if (pending.current.has(id)) return;
      pending.current.set(
        id,
        setTimeout(() => {
          pending.current.delete(id);
          void client.invalidateQueries({ queryKey: key, exact });
        }, ms),
      );
    },
    [client, ms],
  );
}

/** The job named in the URL. */
export function JobPage() {
  const id = useParams().id ?? "";
  usePageTitle(`Job ${id.slice(0, 8)}`);
  const job = useQuery({
    queryKey: ["job", id],
    queryFn: async () => unwrap(await api.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: id } } })),
  });
  const invalidate = useCoalesced(200);
  const model = job.data?.model;
  const onEvent = useCallback(
    (event: EventPublic) => {
      invalidate(["job", id], true);
      const state = event.data.state;
      const ended = event.type === "summary" || (typeof state === "string" && (ENDED as string[]).includes(state));
      if (ended && model) invalidate(["model", model]);
    },
    [id, invalidate, model],
  );
  const follow = job.data !== undefined && !ENDED.includes(job.data.state);
  const { events, live } = useJobEvents(id, follow, onEvent);
  if (job.isPending) return <Loading what="the job" />;
  // A refresh that fails mid-run keeps the last numbers on screen, under a notice.
  if (job.data === undefined) return <ErrorState error={job.error ?? new Error("no job")} retry={() => void job.refetch()} />;
  const j = job.data;
  return (
    <div className="flex min-w-0 flex-col gap-6">
      <RefreshFailed error={job.error} retry={() => void job.refetch()} />
      <div className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold break-words">
          Job for <Link className={styles.link} to={`/models/${encodeURIComponent(j.model)}`}>{j.model}</Link>
        </h1>
        <p className={`text-sm break-words ${styles.muted}`}>
          {j.kind} job <span className="break-all">{j.id}</span>, started {new Date(j.created_at).toLocaleString()}
        </p>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <PrefectLink url={j.prefect_url} />
          <Link className={styles.link} to={`/models/${encodeURIComponent(j.model)}/results`}>
            Results of {j.model}
          </Link>
        </div>
      </div>
      <section aria-labelledby="state-heading" className={`${styles.card} flex flex-col gap-4`}>
        <h2 id="state-heading" className="text-lg font-semibold">
          State
        </h2>
        <p className="flex flex-wrap items-center gap-2">
          <StateBadge state={j.state} />
          <span>
            {stateMeaning(j)}
            {j.state_message && `: ${j.state_message}`}
          </span>
        </p>
        <Numbers job={j} events={events.data ?? []} />
        {/* A training has its own buttons (cancel, resume, sample now...) in TrainingLive. */}
        {j.kind !== "train" && <Actions job={j} />}
      </section>
      {events.isPending ? (
        <Loading what="the job's events" />
      ) : events.data === undefined ? (
        <ErrorState error={events.error ?? new Error("no events")} retry={() => void events.refetch()} />
      ) : (
        <>
          {j.kind === "train" ? <TrainingLive job={j} events={events.data} /> : <Refused events={events.data} />}
          <Activity events={events.data} live={live} />
        </>
      )}
    </div>
  );
}
