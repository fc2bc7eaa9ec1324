// The model's recent jobs: each one's state, progress and credits, a link to it and to Prefect.
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { JobPublic, ModelPublic } from "../../api/types";
import { Progress, styles } from "../../ui/controls";
import { ENDED, StateBadge } from "../../ui/job-state";
import { PrefectLink } from "../../ui/prefect";
import { RefreshFailed } from "../../ui/refresh";
import { Empty, ErrorState, Loading } from "../../ui/states";

const RECENT = 10;

/** Recent jobs of this model (refreshed every few seconds while one is under way). */
export function JobsSection({ model }: { model: ModelPublic }) {
  const jobs = useQuery({
    // Under ["model", name]: whatever refreshes the model refreshes its jobs.
    queryKey: ["model", model.name, "jobs"],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/jobs", { params: { query: { model: model.name, limit: RECENT } } })),
    refetchInterval: (query) => (query.state.data?.items.some((j) => !ENDED.includes(j.state)) ? 3000 : false),
  });
  return (
    <section aria-labelledby="jobs-heading" className="flex flex-col gap-3">
      <h2 id="jobs-heading" className="text-xl font-semibold">
        Jobs
      </h2>
      {jobs.isPending ? (
        <Loading what="jobs" />
      ) : jobs.data === undefined ? (
        <ErrorState error={jobs.error ?? new Error("no jobs")} retry={() => void jobs.refetch()} />
      ) : (
        <>
          <RefreshFailed error={jobs.error} retry={() => void jobs.refetch()} />
          {jobs.data.items.length === 0 ? (
            <Empty>No jobs yet: start a run above and it shows here, live.</Empty>
          ) : (
            <ul className="flex flex-col gap-3">
              {jobs.data.items.map((job) => (
                <JobItem key={job.id} job={job} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function JobItem({ job }: { job: JobPublic }) {
  const started = new Date(job.created_at).toLocaleString();
  const total = job.pairs_total;
  return (
    <li className={`${styles.card} flex flex-col gap-2`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <StateBadge state={job.state} />
        <Link className={styles.link} to={`/jobs/${job.id}`}>
          Job of {started}
        </Link>
        <PrefectLink url={job.prefect_url} what={`job of ${started}`} />
      </div>
      <Progress label={`Pairs finished, job of ${started}`} value={job.pairs_done} max={total} />
      <p className="text-sm">
        {total === null ? `${job.pairs_done} pairs finished` : `${job.pairs_done} of ${total} pairs finished`};{" "}
        {job.estimate_credits === null
          ? `${job.credits} credits`
          : `${job.credits} of an estimated ${job.estimate_credits} credits`}
        {job.attempt > 1 && `; attempt ${job.attempt}`}
      </p>
    </li>
  );
}
