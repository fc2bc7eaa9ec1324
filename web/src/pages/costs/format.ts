// Credits written as `aistudio costs` writes them, so the page and the CLI agree.

/** 120, 1000000 or 118.50: whole credits without decimals, others to the cent. */
export function credits(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** Billed minus estimated, signed ("+2", "−1.50", "0"): over the estimate is positive. */
export function difference(billed: number, estimate: number): string {
  const delta = Math.round((billed - estimate) * 100) / 100;
  if (delta === 0) return "0";
  return `${delta > 0 ? "+" : "−"}${credits(Math.abs(delta))}`;
}

/** "2 swaps, 2 enhances": the charged operations of a run. */
export function operations(ops: Record<string, number>): string {
  const parts = Object.entries(ops).map(([op, n]) => `${n} ${op}${n === 1 ? "" : op.endsWith("h") ? "es" : "s"}`);
  return parts.length ? parts.join(", ") : "nothing charged";
}
