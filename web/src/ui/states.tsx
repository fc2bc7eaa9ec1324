// The loading, error and empty states every view shows instead of a blank space.
import type { ReactNode } from "react";

/** A polite "loading" line for screen readers and eyes. */
export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="py-6 text-slate-600 dark:text-slate-300">
      Loading {what}…
    </p>
  );
}

/** An error the user can act on (the API's detail says what to do next). */
export function ErrorState({ error, retry }: { error: Error; retry?: () => void }) {
  return (
    <div role="alert" className="my-4 rounded-md border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100">
      <p>{error.message}</p>
      {retry && (
        <button type="button" onClick={retry} className="mt-2 underline">
          Try again
        </button>
      )}
    </div>
  );
}

/** What an empty list means, and what to do about it. */
export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-600 dark:text-slate-300">
      {children}
    </div>
  );
}
