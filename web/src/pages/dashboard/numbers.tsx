// A model's numbers and consent, as its card and its page's header show them.
import type { ModelPublic } from "../../api/types";

const credits = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

/** "12.5" credits, spelled the same everywhere. */
export function formatCredits(value: number): string {
  return credits.format(value);
}

/** Each category's count: "3 sfw, 0 nsfw". */
function targets(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([category, n]) => `${n} ${category}`);
  return parts.length ? parts.join(", ") : "0";
}

/** Results per category and stage: "4 sfw enhanced, 4 sfw swapped", or "none yet". */
function results(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([key, n]) => `${n} ${key.replace("/", " ")}`);
  return parts.length ? parts.join(", ") : "none yet";
}

function version(n: number | null): string {
  return n === null ? "none yet" : `v${n}`;
}

/** The numbers as a definition list; `page` adds what only the model's page shows. */
export function ModelNumbers({ model, page = false }: { model: ModelPublic; page?: boolean }) {
  const rows: [string, string][] = [
    ["Sources", String(model.sources)],
    ["Targets", targets(model.targets)],
    ["Results", results(model.results)],
    ["Credits spent", formatCredits(model.credits)],
  ];
  if (page) {
    const cap = model.budget_credits;
    rows.push(["Budget per run", cap === null ? "no cap" : `${formatCredits(cap)} credits`]);
    rows.push(["Runs", String(model.runs)]);
  }
  rows.push(["Latest dataset", version(model.latest_dataset)], ["Latest LoRA", version(model.latest_lora)]);
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-slate-600 dark:text-slate-300">{term}</dt>
          <dd className="break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

type Standing = "in force" | "none" | "revoked";

/** Where a model's consent stands, from the API's one-line summary. */
export function consentStanding(summary: string): Standing {
  if (summary === "none") return "none";
  if (summary === "revoked") return "revoked";
  return "in force";
}

const look: Record<Standing, string> = {
  "in force": "border-green-700 bg-green-50 text-green-900 dark:border-green-400 dark:bg-green-950 dark:text-green-100",
  none: "border-amber-700 bg-amber-50 text-amber-900 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-100",
  revoked: "border-red-700 bg-red-50 text-red-900 dark:border-red-400 dark:bg-red-950 dark:text-red-100",
};

/** The consent badge: its words say what its colour does. */
export function ConsentBadge({ summary }: { summary: string }) {
  const standing = consentStanding(summary);
  const text =
    standing === "in force" ? `Consent in force: ${summary}` : standing === "none" ? "No consent yet" : "Consent revoked";
  return (
    <p className={`w-fit max-w-full rounded-full border px-2 py-0.5 text-sm font-medium ${look[standing]}`}>
      <span aria-hidden="true">{standing === "in force" ? "✓ " : standing === "none" ? "○ " : "✕ "}</span>
      {text}
    </p>
  );
}
