// A virtualised grid over the window's scroll: rows of as many cards as the column's width
// takes, only the rows near the viewport in the DOM (2,000 candidates stay responsive).
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { Card, type CardProps } from "./Card";
import { type Entry, toRows } from "./groups";

const CARD_MIN = 168; // px: two cards a row on a 390 px phone
const GAP = 8;

type Shared = Omit<CardProps, "item" | "selected" | "duplicates">;

interface GridProps extends Shared {
  label: string;
  entries: Entry[];
  selected: ReadonlySet<string>;
  duplicates: ReadonlyMap<string, number>;
}

/** Width and document offset of an element, kept current. */
function useBox(ref: React.RefObject<HTMLDivElement | null>) {
  const [box, setBox] = useState({ width: 0, top: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => {
      const rect = el.getBoundingClientRect();
      const next = { width: Math.round(rect.width), top: Math.round(rect.top + window.scrollY) };
      setBox((old) => (old.width === next.width && old.top === next.top ? old : next));
    };
    read();
    const observer = new ResizeObserver(read);
    observer.observe(el);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [ref]);
  return box;
}

/** The cards of one side (in or out), virtualised by rows. */
export function Grid({ label, entries, selected, duplicates, ...card }: GridProps) {
  const ref = useRef<HTMLDivElement>(null);
  const { width, top } = useBox(ref);
  const perRow = Math.max(1, Math.floor((width + GAP) / (CARD_MIN + GAP)));
  const rows = useMemo(() => toRows(entries, perRow), [entries, perRow]);
  const cardWidth = width > 0 ? (width - GAP * (perRow - 1)) / perRow : CARD_MIN;
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (i) => (rows[i]?.kind === "heading" ? 40 : cardWidth + 190),
    overscan: 2,
    gap: GAP,
    scrollMargin: top,
  });
  return (
    <div ref={ref} role="group" aria-label={label} className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((v) => {
        const row = rows[v.index];
        if (row === undefined) return null;
        return (
          <div
            key={v.key}
            data-index={v.index}
            ref={virtualizer.measureElement}
            className="absolute top-0 left-0 w-full"
            // contain: a row's layout and paint stay its own (adding one lays out no other)
            style={{ transform: `translateY(${v.start - virtualizer.options.scrollMargin}px)`, contain: "layout paint style" }}
          >
            {row.kind === "heading" ? (
              <h3 className="pt-3 pb-1 font-semibold break-all">{row.text}</h3>
            ) : (
              <div className="grid items-start" style={{ gridTemplateColumns: `repeat(${perRow}, minmax(0, 1fr))`, gap: GAP }}>
                {row.items.map((item) => (
                  <Card key={item.file} item={item} selected={selected.has(item.file)} duplicates={duplicates.get(item.file) ?? 0} {...card} />
                ))}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
