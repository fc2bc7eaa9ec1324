// One training param as a labelled input typed by the schema: a number with its limits, a
// select for a choice, a checkbox for a switch; its description as the hint.
import { useId } from "react";
import { Field, styles } from "../../ui/controls";
import type { ParamField, Values } from "./params";

interface Props {
  field: ParamField;
  value: string | boolean;
  onChange: (value: string | boolean) => void;
  disabled?: boolean;
}

function limits(f: ParamField): string {
  const low = f.min === null ? null : f.exclusiveMin ? `above ${f.min}` : `at least ${f.min}`;
  const high = f.max === null ? null : f.exclusiveMax ? `below ${f.max}` : `at most ${f.max}`;
  if (!f.exclusiveMin && !f.exclusiveMax && low && high) return ` (${f.min} to ${f.max})`;
  const both = [low, high].filter(Boolean).join(", ");
  return both ? ` (${both})` : "";
}

/** A param's input. */
export function ParamInput({ field: f, value, onChange, disabled }: Props) {
  const hintId = useId();
  if (f.kind === "boolean") {
    return (
      <div className="flex flex-col gap-1">
        <label className="flex items-center gap-2 font-medium">
          <input
            type="checkbox"
            className="h-4 w-4"
            checked={value === true}
            disabled={disabled}
            onChange={(e) => onChange(e.target.checked)}
            aria-describedby={f.hint ? hintId : undefined}
          />
          {f.label}
        </label>
        {f.hint && (
          <span id={hintId} className={`text-sm ${styles.muted}`}>
            {f.hint}
          </span>
        )}
      </div>
    );
  }
  if (f.kind === "enum") {
    return (
      <div className="flex flex-col gap-1">
        <label className="flex flex-col gap-1">
          <span className="font-medium">{f.label}</span>
          <select
            className={`${styles.input} w-full min-w-0`}
            value={String(value)}
            disabled={disabled}
            onChange={(e) => onChange(e.target.value)}
            aria-describedby={f.hint ? hintId : undefined}
          >
            {f.nullable && <option value="">The family's default</option>}
            {f.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        {f.hint && (
          <span id={hintId} className={`text-sm ${styles.muted}`}>
            {f.hint}
          </span>
        )}
      </div>
    );
  }
  return (
    <Field
      label={f.label}
      hint={f.hint ? `${f.hint}${limits(f)}` : limits(f).trim() || undefined}
      type="number"
      inputMode={f.kind === "integer" ? "numeric" : "decimal"}
      min={f.min ?? undefined}
      max={f.max ?? undefined}
      step={f.kind === "integer" ? 1 : "any"}
      placeholder={f.nullable ? "the family's default" : undefined}
      value={String(value)}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** The main params, then the rest under an "Advanced" disclosure. */
export function ParamFields({
  fields,
  values,
  onChange,
  disabled,
}: {
  fields: ParamField[];
  values: Values;
  onChange: (name: string, value: string | boolean) => void;
  disabled?: boolean;
}) {
  const input = (f: ParamField) => (
    <ParamInput key={f.name} field={f} value={values[f.name] ?? ""} disabled={disabled} onChange={(v) => onChange(f.name, v)} />
  );
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">{fields.filter((f) => !f.advanced).map(input)}</div>
      <details className="rounded-md border border-slate-300 p-3 dark:border-slate-600">
        <summary className="cursor-pointer font-medium">Advanced</summary>
        <div className="mt-3 grid gap-4 sm:grid-cols-2">{fields.filter((f) => f.advanced).map(input)}</div>
      </details>
    </>
  );
}
