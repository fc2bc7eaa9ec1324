// The selection's actions: keep the selected left-out images in, or take the selected ones
// out, with a reason (each a new version); disabled with why when consent is not in force.
import { useId, useState } from "react";
import { Button, styles } from "../../ui/controls";
import { ErrorState } from "../../ui/states";
import type { useOverride } from "./override";
import type { DatasetItem } from "./types";

interface Props {
  selected: DatasetItem[];
  clear: () => void;
  override: ReturnType<typeof useOverride>;
  locked: string | null;
}

/** The bar above the grid: what is selected, the reason, Keep and Reject. */
export function Selection({ selected, clear, override, locked }: Props) {
  const [reason, setReason] = useState("");
  const whyId = useId();
  const toKeep = selected.filter((i) => !i.included);
  const toReject = selected.filter((i) => i.included);
  const noReason = reason.trim() === "";
  const why =
    locked ??
    (selected.length === 0 ? "Select images first (their checkboxes)." : noReason ? "Give a reason: the new version keeps it." : null);
  const send = (items: DatasetItem[], keep: boolean) =>
    override.mutate({ changes: items.map((i) => ({ file: i.file, keep, reason: reason.trim() })), undo: false });
  return (
    <section aria-labelledby="selection-heading" className={`${styles.card} z-10 flex sm:sticky sm:top-0 flex-col gap-3`}>
      <h2 id="selection-heading" className="text-lg font-semibold">
        Keep or reject
      </h2>
      <p aria-live="polite">
        {selected.length} selected: {toKeep.length} left out, {toReject.length} in the set.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 grow flex-col gap-1">
          <span className="font-medium">Reason</span>
          <input className={styles.input} value={reason} maxLength={500} onChange={(e) => setReason(e.currentTarget.value)} disabled={locked !== null} />
        </label>
        <Button kind="primary" disabled={why !== null || toKeep.length === 0 || override.isPending} aria-describedby={why ? whyId : undefined} onClick={() => send(toKeep, true)}>
          Keep in
        </Button>
        <Button kind="danger" disabled={why !== null || toReject.length === 0 || override.isPending} aria-describedby={why ? whyId : undefined} onClick={() => send(toReject, false)}>
          Reject
        </Button>
        <Button disabled={selected.length === 0} onClick={clear}>
          Clear selection
        </Button>
      </div>
      {why && (
        <p id={whyId} className={`text-sm ${styles.muted}`}>
          {why}
        </p>
      )}
      {override.isPending && <p role="status">Writing the new version…</p>}
      {override.isError && <ErrorState error={override.error} />}
    </section>
  );
}
