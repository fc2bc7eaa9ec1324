// A done pair's before/after comparison, in a dialog opened from its card.
import { Dialog } from "radix-ui";
import type { ResultPublic } from "../../api/types";
import { Compare } from "../../ui/compare";
import { styles } from "../../ui/controls";

/** The card's "Compare" button (its after image) and the dialog it opens. */
export function CompareDialog({ result }: { result: ResultPublic & { before: string; after: string } }) {
  return (
    <Dialog.Root>
      <Dialog.Trigger
        className={`group flex flex-col gap-1 rounded-md text-left ${styles.link} no-underline`}
      >
        <img src={result.after} alt="" className="aspect-square w-full rounded-md object-cover" loading="lazy" />
        <span className="underline">
          Compare before and after<span className="sr-only"> of {result.pair}</span>
        </span>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-950/70" />
        <Dialog.Content className="fixed top-1/2 left-1/2 flex max-h-[95vh] w-[min(95vw,48rem)] -translate-x-1/2 -translate-y-1/2 flex-col gap-3 overflow-y-auto rounded-lg bg-white p-4 text-slate-900 shadow-xl dark:bg-slate-900 dark:text-slate-100">
          <Dialog.Title className="text-lg font-semibold">{result.pair}: before and after</Dialog.Title>
          <Dialog.Description className={`text-sm ${styles.muted}`}>
            Drag across the images, or focus the slider and use the arrow keys, Home and End.
          </Dialog.Description>
          <Compare before={result.before} after={result.after} what={result.pair} />
          <Dialog.Close className={`${styles.secondary} self-end`}>Close</Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
