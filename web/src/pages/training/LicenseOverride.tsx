// The license override, explained before it can be ticked: what it means and who answers for it.
import { useId } from "react";
import { useMe } from "../../api/session";
import type { Family } from "./params";

interface Props {
  model: string;
  family: Family;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}

/** Shown when a commercial model meets a base whose license does not allow that. */
export function LicenseOverride({ model, family, checked, onChange, disabled }: Props) {
  const me = useMe();
  const whyId = useId();
  const who = me.data?.name ?? "you";
  const forbids = family.commercial === false ? "forbids commercial use" : "is not known to allow commercial use";
  return (
    <section
      aria-labelledby={`${whyId}-heading`}
      className="flex flex-col gap-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950 dark:border-amber-500 dark:bg-amber-950 dark:text-amber-100"
    >
      <h3 id={`${whyId}-heading`} className="font-semibold">
        License override
      </h3>
      <div id={whyId} className="flex flex-col gap-2 text-sm">
        <p>
          {model} is marked commercial, and the base {family.base} has the license {family.license}, which {forbids}.
          The studio refuses to train it on this base unless you override the license check.
        </p>
        <p>
          What the override means: the training runs, and the LoRA and every image made with it carry this base's
          license. Using them commercially is lawful only if you hold rights the license does not give (for example a
          commercial license from the base's maker).
        </p>
        <p>
          Who is responsible: you ({who}), not the studio. The override is written to {model}'s audit log with your
          name. Otherwise choose a base that allows commercial use, or mark the model non-commercial in its settings.
        </p>
      </div>
      <label className="flex items-start gap-2 font-medium">
        <input
          type="checkbox"
          className="mt-1 h-4 w-4"
          checked={checked}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={whyId}
        />
        Override the license check: I take responsibility for using {family.base} commercially
      </label>
    </section>
  );
}
