// What an export answered: the file (ready now), or the job making it, followed until done.
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { styles } from "../../ui/controls";
import { ENDED, StateBadge, stateMeaning } from "../../ui/job-state";
import { ErrorState } from "../../ui/states";
import type { ExportPublic } from "./lora";

const POLL_MS = 2000;

function bytes(size: number): string {
  return size < 1024 * 1024 ? `${(size / 1024).toFixed(1)} KB` : `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/** The ready file's facts and link, or the resize job's state and, once it succeeds, the link. */
export function ExportResult({ answer }: { answer: ExportPublic }) {
  const file = answer.file;
  return (
    <div role="status" className={`${styles.card} flex flex-col gap-2`}>
      {answer.state === "ready" && file ? (
        <>
          <p className="font-medium">The file is ready.</p>
          <p className="text-sm break-words">
            {file.format} format, step {file.step}, rank {file.rank}, {bytes(file.size)}; SHA-256{" "}
            <code title={file.sha256}>{file.sha256.slice(0, 12)}</code>.{" "}
            <a className={styles.link} href={answer.url} download>
              Download the exported file
            </a>
          </p>
        </>
      ) : answer.job ? (
        <ExportJob id={answer.job.id} url={answer.url} />
      ) : (
        <p>The export was accepted; download it once it is made.</p>
      )}
    </div>
  );
}

/** An export's resize job (none: null), asked again every few seconds until it ends. */
export function useExportJob(id: string | null) {
  return useQuery({
    queryKey: ["job", id],
    queryFn: async () => unwrap(await api.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: id ?? "" } } })),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data && ENDED.includes(query.state.data.state) ? false : POLL_MS),
  });
}

/** The resize job's state, its page, and the file once it succeeded. */
function ExportJob({ id, url }: { id: string; url: string }) {
  const job = useExportJob(id);
  return (
    <>
      <p className="font-medium">A job lowers the rank: the file is made when it is done.</p>
      {job.data && (
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <StateBadge state={job.data.state} /> {stateMeaning(job.data)}.
        </p>
      )}
      {job.isError && <ErrorState error={job.error} retry={() => void job.refetch()} />}
      <p className="text-sm">
        <Link className={styles.link} to={`/jobs/${id}`}>
          Open the export job
        </Link>
        {job.data?.state === "succeeded" && (
          <>
            {" · "}
            <a className={styles.link} href={url} download>
              Download the exported file
            </a>
          </>
        )}
      </p>
    </>
  );
}
