// One pair of the gallery: its status in words, the after image (which opens the comparison),
// the rule and reason of a refused one, and its files to download.
import type { ResultPublic } from "../../api/types";
import { styles } from "../../ui/controls";
import { CompareDialog } from "./CompareDialog";

const looks: Record<string, string> = {
  done: "bg-green-100 text-green-900 dark:bg-green-900 dark:text-green-50",
  rejected: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-50",
  failed: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-50",
};
const labels: Record<string, string> = { done: "Done", rejected: "Rejected", failed: "Failed", skipped: "Skipped" };
const FILES = ["target", "swapped", "enhanced"] as const;

/** A pair as a card. */
export function ResultCard({ result }: { result: ResultPublic }) {
  const { before, after } = result;
  return (
    <li className={`${styles.card} flex min-w-0 flex-col gap-3`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">{result.pair}</h2>
        <span className={`rounded px-2 py-0.5 text-sm font-medium ${looks[result.status] ?? looks.rejected}`}>
          {labels[result.status] ?? result.status}
        </span>
      </div>
      <p className={`text-sm ${styles.muted}`}>
        Source {result.source}, target {result.target} ({result.category})
      </p>
      {before !== null && after !== null ? (
        <CompareDialog result={{ ...result, before, after }} />
      ) : (
        (result.rule || result.reason) && (
          <p className="break-words">
            {result.rule && (
              <>
                Rule <code>{result.rule}</code>
                {result.reason ? ": " : ""}
              </>
            )}
            {result.reason}
          </p>
        )
      )}
      <ul aria-label={`Downloads of ${result.pair}`} className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {FILES.filter((kind) => result.files[kind]).map((kind) => (
          <li key={kind}>
            <a className={styles.link} href={result.files[kind]?.url} download>
              Download {kind}
              <span className="sr-only"> of {result.pair}</span>
            </a>
          </li>
        ))}
      </ul>
    </li>
  );
}
