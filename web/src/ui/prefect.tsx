// The link to a job's flow run in the Prefect UI, shown wherever a job is.
import { styles } from "./controls";

/** "Open in Prefect" (a new tab), or why there is no run to open yet. */
export function PrefectLink({ url, what }: { url: string | null; what?: string }) {
  if (url === null) return <span className={styles.muted}>No Prefect run yet</span>;
  return (
    <a className={styles.link} href={url} target="_blank" rel="noreferrer">
      Open in Prefect{what && <span className="sr-only"> ({what})</span>}
    </a>
  );
}
