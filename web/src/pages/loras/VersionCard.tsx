// One version in the list: its state, what it learnt from, its best step; withdrawn with why.
import { Link } from "react-router";
import { styles } from "../../ui/controls";
import { type LoraPublic, versionState, when } from "./lora";

/** A version's card, with the box that picks it for the comparison. */
export function VersionCard({ lora, picked, toggle }: { lora: LoraPublic; picked: boolean; toggle: () => void }) {
  const v = lora;
  const base = `/models/${encodeURIComponent(v.model)}`;
  const finished = v.best_step !== null;
  const rows: [string, string][] = [
    ["State", versionState(v)],
    ["Family", v.family],
    ["Base", `${v.base} (${v.base_license})`],
    ["Best step", v.best_step === null ? "none yet" : `${v.best_step} of ${v.steps}`],
    ["Created", when.format(new Date(v.created_at))],
  ];
  return (
    <li className={`${styles.card} flex min-w-0 flex-col gap-3`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-lg font-semibold">
          <Link className={styles.link} to={`${base}/loras/${v.version}`}>
            Version {v.version}
          </Link>
        </h3>
        <label className={`flex items-center gap-2 ${finished ? "" : "cursor-not-allowed"}`}>
          <input
            type="checkbox"
            checked={picked}
            disabled={!finished}
            onChange={toggle}
            className="h-4 w-4 accent-indigo-700 dark:accent-indigo-400"
          />
          Compare version {v.version}
        </label>
      </div>
      {v.withdrawn && (
        <p className="text-red-800 dark:text-red-300">
          <span aria-hidden="true">✕ </span>Withdrawn
          {v.withdrawn_at ? ` on ${when.format(new Date(v.withdrawn_at))}` : ""}: {v.withdrawn_reason ?? "no reason recorded"}.
        </p>
      )}
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className={styles.muted}>{term}</dt>
            <dd className="min-w-0 break-words">{value}</dd>
          </div>
        ))}
        <div className="contents">
          <dt className={styles.muted}>Dataset</dt>
          <dd>
            <Link className={styles.link} to={`${base}/datasets/${v.dataset_version}`}>
              Dataset version {v.dataset_version}
            </Link>
          </dd>
        </div>
      </dl>
    </li>
  );
}
