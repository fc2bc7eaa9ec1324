// One training image with its caption in a textarea: the rules it breaks beside it as typed
// (the API's check), its length in tokens, the diff from the version's caption, and why a save
// refused it.
import { useId } from "react";
import { styles } from "../../ui/controls";
import { Diff } from "./Diff";
import type { CaptionCheck, CaptionItem } from "./types";

interface Props {
  item: CaptionItem;
  version: number;
  text: string;
  drafted: boolean;
  check: CaptionCheck | undefined;
  refused: string[];
  onChange: (text: string) => void;
}

/** The image, its editable caption and what is wrong with it. */
export function CaptionCard({ item, version, text, drafted, check, refused, onChange }: Props) {
  const id = useId();
  const problems = check?.problems ?? [];
  const over = check !== undefined && check.tokens > check.limit;
  const described = [`${id}-tokens`, `${id}-problems`, refused.length ? `${id}-refused` : null].filter(Boolean).join(" ");
  return (
    <li className={`${styles.card} flex min-w-0 flex-col gap-3`}>
      <div className="flex min-w-0 gap-3">
        <img src={item.image_url} alt={item.image} width={96} height={96} loading="lazy" className="h-24 w-24 shrink-0 rounded object-cover" />
        <div className="flex min-w-0 flex-col gap-1">
          <p className="font-medium break-all">{item.image}</p>
          {drafted && <p className="text-sm font-medium text-amber-800 dark:text-amber-200">Draft: not saved yet</p>}
          <p id={`${id}-tokens`} className={`text-sm ${over ? "font-medium text-amber-800 dark:text-amber-200" : styles.muted}`}>
            {check ? `${check.tokens} of ${check.limit} tokens${check.exact ? "" : " (estimated)"}` : "Counting tokens…"}
            {over && ": the end is cut off in training"}
          </p>
        </div>
      </div>
      <label className="flex flex-col gap-1">
        <span className="font-medium">Caption of {item.image}</span>
        <textarea
          className={`${styles.input} min-h-20 w-full`}
          value={text}
          rows={3}
          aria-invalid={problems.length > 0 || refused.length > 0}
          aria-describedby={described}
          onChange={(event) => onChange(event.target.value)}
        />
      </label>
      <div id={`${id}-problems`}>
        {problems.length > 0 ? (
          <ul className="flex flex-col gap-1 text-sm text-red-800 dark:text-red-200">
            {problems.map((p) => (
              <li key={p.rule + p.message}>
                <span className="font-semibold">Problem ({p.rule}):</span> {p.message}
              </li>
            ))}
          </ul>
        ) : (
          check && <p className={`text-sm ${styles.muted}`}>Follows the caption rules</p>
        )}
      </div>
      {refused.length > 0 && (
        <div id={`${id}-refused`} role="alert" className="text-sm text-red-800 dark:text-red-200">
          {refused.map((why) => (
            <p key={why}>
              <span className="font-semibold">Not saved:</span> {why}
            </p>
          ))}
        </div>
      )}
      <Diff before={item.caption ?? ""} after={text} version={version} />
    </li>
  );
}
