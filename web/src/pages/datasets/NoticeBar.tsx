// What the last override did, with Undo (the reverse override: a version of its own).
import { Button } from "../../ui/controls";

/** A polite notice of the version the page moved to. */
export function NoticeBar({ text, undo, locked, busy }: { text: string; undo: (() => void) | null; locked: string | null; busy: boolean }) {
  return (
    <div role="status" className="flex flex-wrap items-center gap-3 rounded-md border border-green-700 bg-green-50 p-3 text-green-950 dark:border-green-400 dark:bg-green-950 dark:text-green-50">
      <p className="min-w-0 break-words">{text}</p>
      {undo && (
        <Button disabled={locked !== null || busy} title={locked ?? undefined} onClick={undo}>
          Undo
        </Button>
      )}
    </div>
  );
}
