// What each dataset version changed from the one it came from, in words.
import type { DatasetSummary } from "./types";

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "override of v1: 1 more in, 1 fewer left out", "captions of v2 (tagger)", or a build's line. */
export function whatChanged(version: DatasetSummary, all: DatasetSummary[]): string {
  const parentNumber = version.overridden_from ?? version.captioned_from;
  const parent = all.find((v) => v.version === parentNumber);
  if (version.overridden_from !== null) {
    if (parent === undefined) return `override of v${version.overridden_from}`;
    const delta = version.included - parent.included;
    const moved =
      delta > 0
        ? `${plural(delta, "image", "images")} kept in`
        : delta < 0
          ? `${plural(-delta, "image", "images")} taken out`
          : "as many in as before (images swapped)";
    return `override of v${version.overridden_from}: ${moved}`;
  }
  if (version.captioned_from !== null) {
    return `captions of v${version.captioned_from}${version.captioner ? ` (${version.captioner})` : ""}`;
  }
  return `built for ${version.family}`;
}

/** Whether a person approved the version's captions, in words. */
export function reviewed(version: Pick<DatasetSummary, "reviewed_by" | "reviewed_at">): string {
  if (version.reviewed_by === null) return "captions not approved";
  const when = version.reviewed_at ? ` on ${new Date(version.reviewed_at).toLocaleString()}` : "";
  return `captions approved by ${version.reviewed_by}${when}`;
}
