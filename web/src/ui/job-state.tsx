// A job's state in words and as a badge (never colour alone), the same on every page.
import type { JobPublic } from "../api/types";

type State = JobPublic["state"];

const words: Record<State, { label: string; means: string; look: string }> = {
  queued: {
    label: "Queued",
    means: "waiting for a worker to start it",
    look: "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-50",
  },
  running: {
    label: "Running",
    means: "pairs are being processed",
    look: "bg-indigo-100 text-indigo-900 dark:bg-indigo-900 dark:text-indigo-50",
  },
  cancelling: {
    label: "Cancelling",
    means: "stopping after the pairs under way",
    look: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-50",
  },
  succeeded: {
    label: "Succeeded",
    means: "every pair is finished",
    look: "bg-green-100 text-green-900 dark:bg-green-900 dark:text-green-50",
  },
  failed: {
    label: "Failed",
    means: "it stopped with an error; Retry resumes where it stopped",
    look: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-50",
  },
  cancelled: {
    label: "Cancelled",
    means: "it was stopped; Retry resumes where it stopped",
    look: "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-50",
  },
  crashed: {
    label: "Crashed",
    means: "its worker stopped answering; Retry resumes where it stopped",
    look: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-50",
  },
};

/** States a job never leaves by itself (its stream ends there). */
export const ENDED: readonly State[] = ["succeeded", "failed", "cancelled", "crashed"];

// What the work is, for a job that is not a processing run ("pairs" are processing's).
const work: Record<string, { running: string; cancelling: string; succeeded: string }> = {
  train: { running: "the LoRA is training", cancelling: "stopping at the next step", succeeded: "the LoRA is trained" },
  dataset: { running: "the dataset is being built", cancelling: "stopping", succeeded: "the dataset is built" },
  captions: { running: "captions are being written", cancelling: "stopping", succeeded: "the captions are written" },
  export: { running: "the file is being written", cancelling: "stopping", succeeded: "the file is ready" },
};

/** What a state means, in a sentence. */
export function stateMeaning(job: Pick<JobPublic, "state" | "place" | "pool" | "kind">): string {
  if (job.state === "queued" && job.place !== null && job.place !== undefined) {
    return `number ${job.place} in the ${job.pool ?? ""} queue`.replace("  ", " ");
  }
  const own = work[job.kind];
  if (own && (job.state === "running" || job.state === "cancelling" || job.state === "succeeded")) {
    return own[job.state];
  }
  return words[job.state].means;
}

/** The state as a labelled badge. */
export function StateBadge({ state }: { state: State }) {
  return <span className={`rounded px-2 py-0.5 text-sm font-medium ${words[state].look}`}>{words[state].label}</span>;
}
