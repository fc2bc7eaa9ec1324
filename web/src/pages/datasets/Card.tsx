// One candidate: its image, scores as labelled badges, why it is out, and a person's override
// beside the automatic choice (with the way back to it).
import { memo } from "react";
import { Button, styles } from "../../ui/controls";
import { reasonWords, scoreBadges } from "./scores";
import { shortName, type DatasetItem } from "./types";

export interface CardProps {
  item: DatasetItem;
  selected: boolean;
  onSelect: (files: string[], on: boolean) => void;
  /** Why overrides are disabled (consent), or null. */
  locked: string | null;
  /** Put the automatic choice back (a new version). */
  onUndo: (item: DatasetItem) => void;
  duplicates: number;
}

const badge = "rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-900 dark:bg-slate-800 dark:text-slate-100";

/** A candidate as a card (memoised: the grid re-renders rows as it scrolls). */
export const Card = memo(function Card({ item, selected, onSelect, locked, onUndo, duplicates }: CardProps) {
  const name = shortName(item.file);
  const overridden = item.auto_included !== null && item.auto_included !== undefined;
  return (
    <article
      aria-label={name}
      className={`flex min-w-0 flex-col gap-2 rounded-lg border p-2 ${
        selected ? "border-indigo-600 bg-indigo-50 dark:border-indigo-400 dark:bg-indigo-950" : "border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900"
      }`}
    >
      <label className="flex min-w-0 items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          className="h-4 w-4 shrink-0 accent-indigo-700 dark:accent-indigo-400"
          checked={selected}
          onChange={(e) => onSelect([item.file], e.currentTarget.checked)}
        />
        <span className="min-w-0 break-all">
          <span className="sr-only">Select </span>
          {name}
        </span>
      </label>
      <img
        src={item.image_url ?? item.candidate_url}
        alt={item.image_url ? `Training image ${item.image ?? ""} (${name}, cropped)` : `${name} as stored (left out)`}
        loading="lazy"
        decoding="async"
        className="aspect-square w-full rounded bg-slate-200 object-cover text-xs dark:bg-slate-800"
      />
      {!item.included && (
        <p className="text-sm break-words">
          <strong>{reasonWords(item.reason)}</strong>
          {item.detail && item.reason !== "override" && <span className={`block text-xs ${styles.muted}`}>{item.detail}</span>}
        </p>
      )}
      {duplicates > 0 && <p className="text-xs">{duplicates === 1 ? "1 near-duplicate" : `${duplicates} near-duplicates`} left out</p>}
      <ul aria-label={`Scores of ${name}`} className="flex flex-wrap gap-1">
        {scoreBadges(item.scores).map((s) => (
          <li key={s.label} className={badge}>
            {s.label}: {s.value}
          </li>
        ))}
      </ul>
      {overridden && (
        <div className="flex flex-col gap-1 rounded border border-amber-400 p-1.5 text-xs dark:border-amber-500">
          <p>
            Automatic choice: <strong>{item.auto_included ? "in the set" : "left out"}</strong>
          </p>
          <p className="break-words">
            {item.included ? "Kept in" : "Taken out"} by {item.override_by ?? "a person"}
            {item.override_reason ? `: “${item.override_reason}”` : ""}
          </p>
          <Button className="self-start px-2 py-1 text-xs" disabled={locked !== null} title={locked ?? undefined} onClick={() => onUndo(item)}>
            Undo<span className="sr-only"> the override of {name}</span>
          </Button>
        </div>
      )}
    </article>
  );
});
