// One uploading file: its progress while bytes go, then the studio's verdict on it.
import type { FileVerdict } from "../../../api/types";
import { Button, Progress, styles } from "../../../ui/controls";
import type { Row } from "./queue";

const tone = {
  good: "text-green-800 dark:text-green-300",
  same: "text-amber-800 dark:text-amber-200",
  bad: "text-red-800 dark:text-red-300",
};

/** A file size people read at a glance. */
export function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** What the studio said of a file, in words (the rule when it refused it). */
export function VerdictText({ verdict }: { verdict: FileVerdict }) {
  if (verdict.verdict === "imported") {
    return (
      <p className={tone.good}>
        Imported as {verdict.stored_as}
        {verdict.faces != null && ` (${verdict.faces} ${verdict.faces === 1 ? "face" : "faces"})`}
        {verdict.flagged && `; flagged: ${verdict.flagged}`}
        {verdict.detail && <span className={`block ${tone.same}`}>{verdict.detail}</span>}
      </p>
    );
  }
  if (verdict.verdict === "duplicate") {
    return <p className={tone.same}>Duplicate: {verdict.detail ?? `the same as ${verdict.stored_as}`}</p>;
  }
  return (
    <p className={tone.bad}>
      Refused{verdict.rule && <> by rule <strong>{verdict.rule}</strong></>}: {verdict.detail ?? "not imported"}
    </p>
  );
}

/** A row of the upload list. */
/** blocked: why uploads may not go on now (the resume button is then disabled). */
export function FileRow({ row, retry, blocked = null }: { row: Row; retry: () => void; blocked?: string | null }) {
  const what = row.role === "source" ? "source" : `${row.category} target`;
  return (
    <li className="flex flex-col gap-1 border-b border-slate-200 py-2 last:border-b-0 dark:border-slate-700">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <span className="break-all font-medium">{row.file.name}</span>
        <span className={`text-sm ${styles.muted}`}>
          {what}, {size(row.file.size)}
        </span>
      </div>
      {row.state !== "done" && row.state !== "failed" && (
        <Progress label={`Uploading ${row.file.name}`} value={row.sent} max={row.file.size} />
      )}
      {row.state === "waiting" && <p className={`text-sm ${styles.muted}`}>Waiting…</p>}
      {row.verdict && <VerdictText verdict={row.verdict} />}
      {row.state === "failed" && <p className={tone.bad}>Not uploaded: {row.error}</p>}
      {row.state === "interrupted" && (
        <div className="flex flex-wrap items-center gap-3">
          <p className={tone.bad}>
            Interrupted at {size(row.sent)} of {size(row.file.size)} ({row.error}).
          </p>
          <Button onClick={retry} disabled={blocked !== null} title={blocked ?? undefined} aria-label={`Resume ${row.file.name}`}>
            Resume
          </Button>
        </div>
      )}
    </li>
  );
}
