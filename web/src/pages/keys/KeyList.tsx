// The caller's keys: name, prefix, scopes, when made and last used, revoked or not.
import type { KeyPublic } from "../../api/types";
import { styles } from "../../ui/controls";
import { RevokeKey } from "./RevokeKey";

const focus = "focus-visible:outline-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400";
const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function Time({ at }: { at: string | null }) {
  return at === null ? <>never</> : <time dateTime={at}>{when.format(new Date(at))}</time>;
}

/** One card per key, newest first (as the API lists them). */
export function KeyList({ keys }: { keys: KeyPublic[] }) {
  return (
    <ul aria-label="Your keys" className="flex flex-col gap-3">
      {keys.map((key) => (
        <li key={key.id} className={`${styles.card} flex flex-col gap-2`}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 id={`key-${key.id}`} tabIndex={-1} className={`font-semibold break-all ${focus}`}>
              {key.name}
            </h3>
            {key.revoked_at === null ? (
              <RevokeKey apiKey={key} />
            ) : (
              <span className="rounded bg-slate-200 px-2 py-0.5 text-sm font-medium text-slate-800 dark:bg-slate-700 dark:text-slate-100">
                Revoked
              </span>
            )}
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className={styles.muted}>Prefix</dt>
            <dd className="font-mono break-all">{key.prefix}</dd>
            <dt className={styles.muted}>Scopes</dt>
            <dd>{(key.scopes ?? []).join(", ")}</dd>
            <dt className={styles.muted}>Created</dt>
            <dd>
              <Time at={key.created_at} />
            </dd>
            <dt className={styles.muted}>Last used</dt>
            <dd>
              <Time at={key.last_used_at} />
            </dd>
            {key.revoked_at !== null && (
              <>
                <dt className={styles.muted}>Revoked</dt>
                <dd>
                  <Time at={key.revoked_at} />
                </dd>
              </>
            )}
          </dl>
        </li>
      ))}
    </ul>
  );
}
