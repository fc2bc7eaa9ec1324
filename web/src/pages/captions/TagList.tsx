// kohya's tag frequency as a list sorted by count or name; choosing a tag shows only the
// images whose caption has it.
import { useState } from "react";
import { styles } from "../../ui/controls";

/** The tags of a caption as kohya counts them: its comma-separated parts. */
export function tagsOf(text: string): string[] {
  return text.split(",").map((t) => t.trim()).filter(Boolean);
}

interface Props {
  frequency: Record<string, Record<string, number>>;
  selected: string | null;
  onSelect: (tag: string | null) => void;
}

/** Tags with their counts (summed over kohya's folders). */
export function TagList({ frequency, selected, onSelect }: Props) {
  const [order, setOrder] = useState<"count" | "name">("count");
  const counts = new Map<string, number>();
  for (const tags of Object.values(frequency)) {
    for (const [tag, n] of Object.entries(tags)) counts.set(tag, (counts.get(tag) ?? 0) + n);
  }
  const rows = [...counts].sort((a, b) => (order === "count" ? b[1] - a[1] || a[0].localeCompare(b[0]) : a[0].localeCompare(b[0])));
  return (
    <section aria-labelledby="tags-title" className={`${styles.card} flex min-w-0 flex-col gap-3`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="tags-title" className="text-lg font-semibold">
          Tag frequency
        </h2>
        <label className="flex items-center gap-2 text-sm">
          Sort tags by
          <select className={styles.input} value={order} onChange={(e) => setOrder(e.target.value === "name" ? "name" : "count")}>
            <option value="count">Count</option>
            <option value="name">Name</option>
          </select>
        </label>
      </div>
      {rows.length === 0 ? (
        <p className={styles.muted}>No tags yet: the saved captions have none.</p>
      ) : (
        <ul aria-label="Tags" className="flex max-h-72 flex-col gap-1 overflow-y-auto">
          {rows.map(([tag, n]) => (
            <li key={tag}>
              <button
                type="button"
                aria-pressed={selected === tag}
                onClick={() => onSelect(selected === tag ? null : tag)}
                className={`${styles.secondary} flex w-full min-w-0 justify-between gap-2 py-1 text-left text-sm ${selected === tag ? "font-semibold" : ""}`}
              >
                <span className="min-w-0 break-words">{tag}</span>
                <span aria-label={`${n} ${n === 1 ? "image" : "images"}`}>{n}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
