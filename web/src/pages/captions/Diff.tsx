// What the reviewer changed from the version's caption: added words underlined and marked "+",
// removed ones struck through and marked "−" (never colour alone), with a count to read out.
import { styles } from "../../ui/controls";
import { wordDiff } from "./diff";

/** The word diff of one caption, or nothing while it is unchanged. */
export function Diff({ before, after, version }: { before: string; after: string; version: number }) {
  if (before === after) return null;
  const pieces = wordDiff(before, after);
  const added = pieces.filter((p) => p.kind === "added").length;
  const removed = pieces.filter((p) => p.kind === "removed").length;
  return (
    <div className="flex flex-col gap-1 text-sm">
      <p className={styles.muted}>
        Changed from v{version}: {added} {added === 1 ? "word" : "words"} added, {removed} removed
      </p>
      <p className="break-words">
        {pieces.map((p, i) => {
          const gap = i > 0 ? " " : "";
          if (p.kind === "same") return <span key={i}>{gap + p.word}</span>;
          if (p.kind === "added") {
            return (
              <span key={i}>
                {gap}
                <ins className="rounded bg-emerald-100 px-0.5 text-emerald-950 underline decoration-2 dark:bg-emerald-950 dark:text-emerald-100">
                  <span aria-hidden="true">+</span>
                  <span className="sr-only">added: </span>
                  {p.word}
                </ins>
              </span>
            );
          }
          return (
            <span key={i}>
              {gap}
              <del className="rounded bg-rose-100 px-0.5 text-rose-950 line-through dark:bg-rose-950 dark:text-rose-100">
                <span aria-hidden="true">−</span>
                <span className="sr-only">removed: </span>
                {p.word}
              </del>
            </span>
          );
        })}
      </p>
    </div>
  );
}
