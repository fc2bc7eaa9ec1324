// Bulk find-and-replace over every caption (drafts or saved): a preview of how many captions it
// changes, then "Apply to drafts" (nothing is saved until Save).
import { useState } from "react";
import { Button, Field, styles } from "../../ui/controls";

interface Props {
  texts: Record<string, string>;
  onApply: (changed: Record<string, string>) => void;
}

/** Find, replace with, preview count, apply. */
export function FindReplace({ texts, onApply }: Props) {
  const [find, setFind] = useState("");
  const [replace, setReplace] = useState("");
  const [applied, setApplied] = useState<string | null>(null);
  const changed: Record<string, string> = {};
  let matches = 0;
  if (find) {
    for (const [image, text] of Object.entries(texts)) {
      const n = text.split(find).length - 1;
      if (n > 0 && find !== replace) {
        matches += n;
        changed[image] = text.split(find).join(replace);
      }
    }
  }
  const count = Object.keys(changed).length;
  return (
    <section aria-labelledby="replace-title" className={`${styles.card} flex min-w-0 flex-col gap-3`}>
      <h2 id="replace-title" className="text-lg font-semibold">
        Find and replace
      </h2>
      <Field label="Find" value={find} onChange={(e) => { setFind(e.target.value); setApplied(null); }} />
      <Field label="Replace with" value={replace} onChange={(e) => { setReplace(e.target.value); setApplied(null); }} />
      <p role="status" className={`text-sm ${styles.muted}`}>
        {applied ?? (find ? `${matches} ${matches === 1 ? "match" : "matches"} in ${count} ${count === 1 ? "caption" : "captions"}` : "Type what to find (case-sensitive).")}
      </p>
      <Button
        disabled={count === 0}
        onClick={() => {
          onApply(changed);
          setApplied(`Replaced in ${count} ${count === 1 ? "draft" : "drafts"}: Save keeps them.`);
        }}
      >
        Apply to drafts
      </Button>
    </section>
  );
}
