// The base family: choosing one fills the params with its defaults; its base, the base's
// license and the VRAM it takes are shown beside it.
import { useId } from "react";
import { styles } from "../../ui/controls";
import type { Family } from "./params";

function allows(f: Family): string {
  if (f.commercial === true) return "allows commercial use";
  if (f.commercial === false) return "forbids commercial use";
  return "not known to allow commercial use";
}

/** The family select and what the chosen one means. */
export function FamilyPick({
  families,
  family,
  commercial,
  onFamily,
}: {
  families: Family[];
  family: Family;
  commercial: boolean;
  onFamily: (family: string) => void;
}) {
  const aboutId = useId();
  const clash = commercial && family.commercial !== true;
  return (
    <div className="flex flex-col gap-3">
      <label className="flex flex-col gap-1">
        <span className="font-medium">Base family</span>
        <select
          className={`${styles.input} w-full min-w-0`}
          value={family.family}
          onChange={(e) => onFamily(e.target.value)}
          aria-describedby={aboutId}
        >
          {families.map((f) => (
            <option key={f.family} value={f.family}>
              {f.title}
            </option>
          ))}
        </select>
      </label>
      <dl id={aboutId} aria-label={`About ${family.title}`} className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium">Base</dt>
        <dd className="break-all">{family.base}</dd>
        <dt className="font-medium">Base license</dt>
        <dd className="break-words">
          {family.license} ({allows(family)})
        </dd>
        <dt className="font-medium">VRAM</dt>
        <dd className="break-words">
          {family.vram} <span className={styles.muted}>({family.vram_source})</span>
        </dd>
        <dt className="font-medium">This model</dt>
        <dd className={clash ? "text-red-800 dark:text-red-300" : undefined}>
          {commercial
            ? clash
              ? "is marked commercial: this base's license does not allow that (see the check below)"
              : "is marked commercial: this base's license allows that"
            : "is not marked commercial"}
        </dd>
      </dl>
      {family.note && <p className={`text-sm ${styles.muted}`}>{family.note}</p>}
    </div>
  );
}
