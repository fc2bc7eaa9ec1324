// Uploads this browser left unfinished (a reload, a dropped connection): pick the file again to go on.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError } from "../../../api/problem";
import { Button, Progress, styles } from "../../../ui/controls";
import { size, VerdictText } from "./FileRow";
import { forget, type Pending, readUpload, sameFile } from "./transfer";

/** One remembered upload: how far the studio has it, and a file input to resume it. */
function Unfinished({ model, pending, resume, gone, blocked }: { model: string; pending: Pending; resume: (file: File) => void; gone: () => void; blocked: string | null }) {
  const [mismatch, setMismatch] = useState<string | null>(null);
  const state = useQuery({
    queryKey: ["upload", pending.id],
    queryFn: () => readUpload(pending.id),
    retry: false,
  });
  const drop = () => {
    forget(model, pending.id);
    gone();
  };
  const lost = state.isError && state.error instanceof ApiError && state.error.status === 404;
  useEffect(() => {
    if (lost) forget(model, pending.id); // the studio no longer has it: nothing to offer
  }, [lost, model, pending.id]);
  if (lost) return null;
  const what = pending.role === "source" ? "source" : `${pending.category} target`;
  return (
    <li className="flex flex-col gap-2 border-b border-slate-200 py-2 last:border-b-0 dark:border-slate-700">
      <p>
        <span className="break-all font-medium">{pending.filename}</span>{" "}
        <span className={`text-sm ${styles.muted}`}>
          ({what}, {size(pending.size)})
        </span>
      </p>
      {state.isPending && <p className={styles.muted}>Asking the studio how far it got…</p>}
      {state.isError && <p className="text-red-800 dark:text-red-300">{state.error.message}</p>}
      {state.data?.result ? (
        <VerdictText verdict={state.data.result} />
      ) : (
        state.data && (
          <>
            <Progress label={`${pending.filename} received so far`} value={state.data.offset} max={pending.size} />
            <label className="flex flex-col gap-1">
              <span>
                Pick {pending.filename} again to resume from {size(state.data.offset)}
              </span>
              <input
                type="file"
                accept="image/*"
                disabled={blocked !== null}
                className={`${styles.input} max-w-full`}
                onChange={(e) => {
                  const file = e.currentTarget.files?.[0];
                  e.currentTarget.value = "";
                  if (!file) return;
                  if (!sameFile(pending, file)) {
                    setMismatch(`${file.name} (${file.size} bytes) is not ${pending.filename} (${pending.size} bytes).`);
                    return;
                  }
                  setMismatch(null);
                  resume(file);
                }}
              />
            </label>
            {blocked && <p className={`text-sm ${styles.muted}`}>{blocked}</p>}
            {mismatch && <p role="alert" className="text-red-800 dark:text-red-300">{mismatch}</p>}
          </>
        )
      )}
      <div>
        <Button onClick={drop} aria-label={`Forget ${pending.filename}`}>
          {state.data?.result ? "Dismiss" : "Forget"}
        </Button>
      </div>
    </li>
  );
}

/** The unfinished uploads not being sent now, each offered for resuming. */
/** blocked: why nothing may be resumed now (consent revoked). */
export function Resumable({ model, pending, resume, blocked = null }: { model: string; pending: Pending[]; resume: (p: Pending, file: File) => void; blocked?: string | null }) {
  const [, redraw] = useState(0);
  if (pending.length === 0) return null;
  return (
    <section aria-labelledby="resume-heading" className={styles.card}>
      <h3 id="resume-heading" className="font-semibold">
        Unfinished uploads
      </h3>
      <ul>
        {pending.map((p) => (
          <Unfinished key={p.id} model={model} pending={p} resume={(file) => resume(p, file)} gone={() => redraw((n) => n + 1)} blocked={blocked} />
        ))}
      </ul>
    </section>
  );
}
