// A word diff of the version's caption against the edited text (longest common subsequence).

export interface Piece {
  word: string;
  kind: "same" | "added" | "removed";
}

/** The words of `before` and `after` in order, each kept, added or removed. */
export function wordDiff(before: string, after: string): Piece[] {
  const a = before.split(/\s+/).filter(Boolean);
  const b = after.split(/\s+/).filter(Boolean);
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const table = new Array<number>((n + 1) * width).fill(0); // common words of a[i:] and b[j:]
  const at = (i: number, j: number) => table[i * width + j] ?? 0;
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      table[i * width + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: Piece[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const x = a[i];
    const y = b[j];
    if (x !== undefined && x === y) {
      out.push({ word: x, kind: "same" });
      i += 1;
      j += 1;
    } else if (x !== undefined && (y === undefined || at(i + 1, j) >= at(i, j + 1))) {
      out.push({ word: x, kind: "removed" });
      i += 1;
    } else if (y !== undefined) {
      out.push({ word: y, kind: "added" });
      j += 1;
    }
  }
  return out;
}
