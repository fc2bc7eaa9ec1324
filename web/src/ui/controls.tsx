// Buttons, fields and cards with the studio's look (focus rings kept for keyboard users).
import { type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, useId } from "react";

const focus =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400";

export const styles = {
  primary: `rounded-md bg-indigo-700 px-3 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-50 ${focus}`,
  secondary: `rounded-md border border-slate-400 px-3 py-2 hover:bg-slate-100 disabled:opacity-50 dark:border-slate-500 dark:hover:bg-slate-800 ${focus}`,
  danger: `rounded-md border border-red-700 px-3 py-2 text-red-800 hover:bg-red-50 disabled:opacity-50 dark:border-red-400 dark:text-red-200 dark:hover:bg-red-950 ${focus}`,
  input: `rounded-md border border-slate-400 bg-white px-2 py-1.5 text-slate-900 dark:border-slate-500 dark:bg-slate-900 dark:text-slate-100 ${focus}`,
  link: `text-indigo-700 underline hover:text-indigo-900 dark:text-indigo-300 dark:hover:text-indigo-100 ${focus}`,
  card: "rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900",
  muted: "text-slate-600 dark:text-slate-300",
};

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { kind?: "primary" | "secondary" | "danger" };

/** A button (type="button" unless told otherwise). */
export function Button({ kind = "secondary", className = "", type = "button", ...rest }: ButtonProps) {
  return <button type={type} className={`${styles[kind]} ${className}`} {...rest} />;
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: ReactNode };

/** A labelled input, with an optional hint under it (its description, not part of its name). */
export function Field({ label, hint, className = "", ...rest }: FieldProps) {
  const hintId = useId();
  const described = [hint ? hintId : null, rest["aria-describedby"]].filter(Boolean).join(" ");
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label className="flex flex-col gap-1">
        <span className="font-medium">{label}</span>
        <input className={styles.input} {...rest} aria-describedby={described || undefined} />
      </label>
      {hint && (
        <span id={hintId} className={`text-sm ${styles.muted}`}>
          {hint}
        </span>
      )}
    </div>
  );
}

/** A progress bar with its numbers spelled out for screen readers. */
export function Progress({ label, value, max }: { label: string; value: number; max: number | null }) {
  const known = max !== null && max > 0;
  const share = known ? Math.min(100, Math.round((100 * value) / max)) : 0;
  return (
    <div className="flex flex-col gap-1">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={known ? max : undefined}
        aria-valuenow={known ? value : undefined}
        aria-valuetext={known ? `${value} of ${max} (${share}%)` : `${value} so far`}
        className="h-2 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
      >
        <div className="h-full bg-indigo-600 transition-all dark:bg-indigo-400" style={{ width: `${share}%` }} />
      </div>
    </div>
  );
}
