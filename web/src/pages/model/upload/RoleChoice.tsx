// Which folder dropped photos go to: sources, or targets of a category the consent covers.
import { useId } from "react";
import type { ConsentPublic } from "../../../api/types";
import { styles } from "../../../ui/controls";
import type { Category, Role } from "./transfer";

interface Choice {
  label: string;
  value: string;
  why?: string | null; // set: the option is disabled, for this reason
}

/** A labelled group of radio buttons, each disabled option saying why. */
export function Radios({ legend, name, choices, value, onChange }: { legend: string; name: string; choices: Choice[]; value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-1">
        {choices.map((c) => (
          <label key={c.value} className={`flex items-center gap-2 ${c.why ? "cursor-not-allowed" : ""}`}>
            <input
              type="radio"
              name={`${name}-${id}`}
              value={c.value}
              checked={value === c.value}
              disabled={Boolean(c.why)}
              aria-describedby={c.why ? `${id}-${c.value}` : undefined}
              onChange={() => onChange(c.value)}
              className="h-4 w-4 accent-indigo-700 dark:accent-indigo-400"
            />
            {c.label}
          </label>
        ))}
      </div>
      {choices
        .filter((c) => c.why)
        .map((c) => (
          <p key={c.value} id={`${id}-${c.value}`} className={`text-sm ${styles.muted}`}>
            {c.why}
          </p>
        ))}
    </fieldset>
  );
}

/** Whether the consent in force covers a category (null: it does; else why not). */
export function coverage(consent: ConsentPublic | null, category: Category): string | null {
  if (consent === null) return "Record consent above first.";
  return consent.scopes.includes(category) ? null : `The consent in force does not cover ${category}.`;
}

/** Sources or targets; for targets, sfw or nsfw. */
export function RoleChoice(props: {
  consent: ConsentPublic | null;
  role: Role;
  category: Category;
  setRole: (role: Role) => void;
  setCategory: (category: Category) => void;
}) {
  const { consent, role, category } = props;
  return (
    <div className="flex flex-wrap gap-x-10 gap-y-3">
      <Radios
        legend="Upload as"
        name="role"
        value={role}
        onChange={(v) => props.setRole(v as Role)}
        choices={[
          { label: "Sources (the persona's face)", value: "source" },
          { label: "Targets (scenes)", value: "target", why: consent ? null : "Targets need consent in force: record it above first." },
        ]}
      />
      {role === "target" && (
        <Radios
          legend="Target category"
          name="category"
          value={category}
          onChange={(v) => props.setCategory(v as Category)}
          choices={(["sfw", "nsfw"] as const).map((c) => ({ label: c, value: c, why: coverage(consent, c) }))}
        />
      )}
    </div>
  );
}
