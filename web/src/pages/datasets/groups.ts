// The grid's entries: candidates in order, near-duplicates gathered under the image they
// duplicate (the kept one first when it is on the same side), each group with its heading.
import { shortName, type DatasetItem } from "./types";

export type Entry = { kind: "heading"; id: string; text: string } | { kind: "card"; item: DatasetItem };

/** The file a duplicate's detail names as the image that was kept ("near-duplicate of X (...)"). */
export function duplicateOf(item: DatasetItem): string | null {
  if (item.reason !== "duplicate" || !item.detail) return null;
  const found = /near-duplicate of (\S+)/.exec(item.detail);
  return found?.[1] ?? null;
}

/** How many left-out candidates are near-duplicates of each file. */
export function duplicateCounts(excluded: DatasetItem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of excluded) {
    const kept = duplicateOf(item);
    if (kept) counts.set(kept, (counts.get(kept) ?? 0) + 1);
  }
  return counts;
}

/** Left-out candidates with each duplicate group together under a heading, after the others. */
export function excludedEntries(excluded: DatasetItem[], included: DatasetItem[]): Entry[] {
  const groups = new Map<string, DatasetItem[]>();
  for (const item of excluded) {
    const kept = duplicateOf(item);
    if (kept) groups.set(kept, [...(groups.get(kept) ?? []), item]);
  }
  const inSet = new Set(included.map((i) => i.file));
  const leaders = new Set([...groups.keys()].filter((f) => !inSet.has(f)));
  const entries: Entry[] = [];
  for (const item of excluded) {
    if (duplicateOf(item) === null && !leaders.has(item.file)) entries.push({ kind: "card", item });
  }
  for (const [kept, members] of groups) {
    const where = inSet.has(kept) ? "kept in the set" : "itself left out, shown first";
    entries.push({ kind: "heading", id: kept, text: `Near-duplicates of ${shortName(kept)} (${where})` });
    const leader = leaders.has(kept) ? excluded.find((i) => i.file === kept) : undefined;
    if (leader) entries.push({ kind: "card", item: leader });
    for (const item of members) entries.push({ kind: "card", item });
  }
  return entries;
}

export type Row = { kind: "heading"; id: string; text: string } | { kind: "cards"; items: DatasetItem[] };

/** Entries as rows of at most `perRow` cards; a heading is a row of its own and ends the row before it. */
export function toRows(entries: Entry[], perRow: number): Row[] {
  const rows: Row[] = [];
  let current: DatasetItem[] = [];
  const flush = () => {
    if (current.length) rows.push({ kind: "cards", items: current });
    current = [];
  };
  for (const entry of entries) {
    if (entry.kind === "heading") {
      flush();
      rows.push(entry);
      continue;
    }
    current.push(entry.item);
    if (current.length >= perRow) flush();
  }
  flush();
  return rows;
}
