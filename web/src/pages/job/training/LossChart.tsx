// The loss by step as an inline SVG with axes, and a sentence for screen readers (and eyes):
// the last loss and the lowest.
import { useEffect, useId, useRef, useState } from "react";
import { styles } from "../../../ui/controls";
import type { Point } from "./derive";

const H = 220;
const PAD = { left: 56, right: 12, top: 12, bottom: 36 };

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

/** The element's width in CSS pixels (the chart draws at its own size: text stays legible). */
function useWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const seen = new ResizeObserver(([entry]) => entry && setWidth(Math.round(entry.contentRect.width)));
    seen.observe(el);
    return () => seen.disconnect();
  }, []);
  return [ref, width] as const;
}

/** The loss chart of a training (an empty state before the first progress event). */
export function LossChart({ points, steps }: { points: Point[]; steps: number | null }) {
  const [box, width] = useWidth<HTMLDivElement>(600);
  return (
    <div ref={box} className="max-w-4xl">
      <Chart points={points} steps={steps} W={Math.min(900, Math.max(260, width))} />
    </div>
  );
}

function Chart({ points, steps, W }: { points: Point[]; steps: number | null; W: number }) {
  const titleId = useId();
  const last = points.at(-1);
  if (last === undefined) {
    return <p className={styles.muted}>No loss yet: it shows once the training reports its first steps.</p>;
  }
  const lowest = points.reduce((a, b) => (b.loss < a.loss ? b : a));
  const highest = points.reduce((a, b) => (b.loss > a.loss ? b : a));
  const xMax = Math.max(steps ?? 0, last.step, 1);
  const yMin = Math.min(0, lowest.loss);
  const yMax = highest.loss > yMin ? highest.loss : yMin + 1;
  const x = (step: number) => PAD.left + ((W - PAD.left - PAD.right) * step) / xMax;
  const y = (loss: number) => PAD.top + ((H - PAD.top - PAD.bottom) * (yMax - loss)) / (yMax - yMin);
  const line = points.map((p) => `${x(p.step).toFixed(1)},${y(p.loss).toFixed(1)}`).join(" ");
  const summary = `Last loss ${last.loss.toFixed(4)} at step ${last.step}; lowest ${lowest.loss.toFixed(4)} at step ${lowest.step}; ${points.length} point${points.length === 1 ? "" : "s"}.`;
  const yTicks = [yMin, (yMin + yMax) / 2, yMax];
  const xTicks = [0, Math.round(xMax / 2), xMax];
  return (
    <figure className="flex flex-col gap-2">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full text-slate-700 dark:text-slate-200"
        role="img"
        aria-labelledby={titleId}
      >
        <title id={titleId}>{`Loss by step. ${summary}`}</title>
        <g stroke="currentColor" strokeWidth={1}>
          <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} />
          <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} />
        </g>
        <g fill="currentColor" fontSize={13}>
          {yTicks.map((t) => (
            <g key={`y${t}`}>
              <line x1={PAD.left - 4} x2={PAD.left} y1={y(t)} y2={y(t)} stroke="currentColor" />
              <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end">
                {fmt(t)}
              </text>
            </g>
          ))}
          {xTicks.map((t) => (
            <g key={`x${t}`}>
              <line x1={x(t)} x2={x(t)} y1={H - PAD.bottom} y2={H - PAD.bottom + 4} stroke="currentColor" />
              <text x={x(t)} y={H - PAD.bottom + 18} textAnchor="middle">
                {t}
              </text>
            </g>
          ))}
          <text x={(PAD.left + W - PAD.right) / 2} y={H - 2} textAnchor="middle">
            step
          </text>
          <text x={14} y={(PAD.top + H - PAD.bottom) / 2} textAnchor="middle" transform={`rotate(-90 14 ${(PAD.top + H - PAD.bottom) / 2})`}>
            loss
          </text>
        </g>
        <polyline points={line} fill="none" strokeWidth={2} className="stroke-indigo-700 dark:stroke-indigo-300" />
        {points.length <= 60 &&
          points.map((p) => (
            <circle key={p.step} cx={x(p.step)} cy={y(p.loss)} r={3} className="fill-indigo-700 dark:fill-indigo-300" />
          ))}
      </svg>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
