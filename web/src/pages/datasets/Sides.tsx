// In and out side by side (stacked on a phone), each a virtualised grid with its count and
// "select all"; the left-out side with its duplicate groups together.
import { useMemo } from "react";
import { Button, styles } from "../../ui/controls";
import { Empty } from "../../ui/states";
import { duplicateCounts, type Entry, excludedEntries } from "./groups";
import { Grid } from "./Grid";
import type { DatasetItem, DatasetPublic } from "./types";

interface Props {
  dataset: DatasetPublic;
  selected: ReadonlySet<string>;
  onSelect: (files: string[], on: boolean) => void;
  onUndo: (item: DatasetItem) => void;
  locked: string | null;
}

/** Both sides of a version. */
export function Sides({ dataset, selected, onSelect, onUndo, locked }: Props) {
  const inEntries = useMemo<Entry[]>(() => dataset.included.map((item) => ({ kind: "card", item })), [dataset.included]);
  const outEntries = useMemo(() => excludedEntries(dataset.excluded, dataset.included), [dataset.excluded, dataset.included]);
  const duplicates = useMemo(() => duplicateCounts(dataset.excluded), [dataset.excluded]);
  const sides = [
    { id: "in", title: "In the training set", items: dataset.included, entries: inEntries, empty: "Nothing is in this version." },
    { id: "out", title: "Left out", items: dataset.excluded, entries: outEntries, empty: "Nothing was left out: every candidate is in." },
  ];
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      {sides.map((side) => (
        <section key={side.id} aria-labelledby={`side-${side.id}`} className="flex min-w-0 flex-col gap-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id={`side-${side.id}`} className="text-xl font-semibold">
              {side.title} ({side.items.length})
            </h2>
            <Button className="py-1 text-sm" disabled={side.items.length === 0} onClick={() => onSelect(side.items.map((i) => i.file), true)}>
              Select all {side.id === "in" ? "in the set" : "left out"}
            </Button>
          </div>
          {side.items.length === 0 ? (
            <Empty>{side.empty}</Empty>
          ) : (
            <>
              {side.id === "out" && <p className={`text-sm ${styles.muted}`}>Near-duplicates are grouped under the image they repeat.</p>}
              <Grid label={`${side.title}: candidates`} entries={side.entries} selected={selected} duplicates={duplicates} onSelect={onSelect} onUndo={onUndo} locked={locked} />
            </>
          )}
        </section>
      ))}
    </div>
  );
}
