// The dataset version a training learns from: reviewed ones only, unless "unreviewed" is ticked
// (with what that risks said beside it).
import { useId } from "react";
import { Link } from "react-router";
import type { components } from "../../api/schema";
import { styles } from "../../ui/controls";
import { Empty } from "../../ui/states";

type Dataset = components["schemas"]["DatasetSummary"];

interface Props {
  model: string;
  datasets: Dataset[];
  version: number | null;
  unreviewed: boolean;
  onVersion: (version: number | null) => void;
  onUnreviewed: (unreviewed: boolean) => void;
}

function describe(d: Dataset): string {
  const review = d.reviewed_by ? `captions approved by ${d.reviewed_by}` : "captions not approved";
  return `Version ${d.version}: ${d.included} images, ${d.family}, ${review}`;
}

/** The version select and the "unreviewed" switch. */
export function DatasetPick({ model, datasets, version, unreviewed, onVersion, onUnreviewed }: Props) {
  const warnId = useId();
  const shown = datasets.filter((d) => unreviewed || d.reviewed_by !== null);
  const link = (
    <Link className={styles.link} to={`/models/${encodeURIComponent(model)}/datasets`}>
      the datasets of {model}
    </Link>
  );
  if (datasets.length === 0) {
    return <Empty>No dataset versions yet: build one on {link} first.</Empty>;
  }
  return (
    <fieldset className="flex min-w-0 flex-col gap-3">
      <legend className="mb-2 text-lg font-semibold">Dataset</legend>
      {shown.length === 0 ? (
        <p className={styles.muted}>
          No version has approved captions yet: review and approve them on {link}, or tick "unreviewed" below.
        </p>
      ) : (
        <label className="flex flex-col gap-1">
          <span className="font-medium">Dataset version</span>
          <select
            className={`${styles.input} w-full min-w-0`}
            value={version ?? ""}
            onChange={(e) => onVersion(e.target.value ? Number(e.target.value) : null)}
          >
            {shown.map((d) => (
              <option key={d.version} value={d.version}>
                {describe(d)}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="flex flex-col gap-1">
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            className="h-4 w-4"
            checked={unreviewed}
            onChange={(e) => onUnreviewed(e.target.checked)}
            aria-describedby={warnId}
          />
          Also offer versions whose captions nobody approved (unreviewed)
        </label>
        <p id={warnId} className={`text-sm ${unreviewed ? "text-amber-900 dark:text-amber-200" : styles.muted}`}>
          {unreviewed
            ? "Warning: unreviewed captions may be wrong, miss the trigger word or describe the person's face, and the LoRA learns whatever they say. The training is recorded as unreviewed."
            : "Training checks that a person approved the captions; tick this only to train on captions nobody read."}
        </p>
      </div>
    </fieldset>
  );
}

/** The version to preselect: the newest of those shown. */
export function firstVersion(datasets: Dataset[], unreviewed: boolean): number | null {
  return datasets.find((d) => unreviewed || d.reviewed_by !== null)?.version ?? null;
}
