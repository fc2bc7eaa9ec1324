// A before/after comparison: the after image over the before one, cut at a divider that a real
// slider moves (drag anywhere on the images, or arrows, Page Up/Down, Home and End on its thumb).
import { Slider } from "radix-ui";
import { useState } from "react";

/** Before on the left of the divider, after on its right; the slider's value is the divider's place. */
export function Compare({ before, after, what }: { before: string; after: string; what: string }) {
  const [value, setValue] = useState(50);
  return (
    <figure className="flex flex-col gap-2">
      <div className="relative overflow-hidden rounded-md bg-slate-200 select-none dark:bg-slate-800">
        <img src={before} alt={`Before: the target photo of ${what}`} className="block w-full" draggable={false} />
        <img
          src={after}
          alt={`After: the result of ${what}`}
          className="absolute inset-0 h-full w-full object-cover"
          style={{ clipPath: `inset(0 0 0 ${value}%)` }}
          draggable={false}
        />
        <div aria-hidden="true" className="pointer-events-none absolute inset-y-0 w-0.5 -translate-x-1/2 bg-white shadow" style={{ left: `${value}%` }} />
        <Slider.Root
          className="absolute inset-0 flex cursor-ew-resize touch-none items-center"
          value={[value]}
          min={0}
          max={100}
          step={1}
          onValueChange={(next) => setValue(next[0] ?? 50)}
        >
          <Slider.Track className="relative h-full grow">
            <Slider.Range className="absolute h-full" />
          </Slider.Track>
          <Slider.Thumb
            aria-label="Before and after"
            aria-valuetext={`${value}% before, ${100 - value}% after`}
            className="block h-9 w-9 rounded-full border-2 border-slate-900 bg-white shadow focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
          />
        </Slider.Root>
      </div>
      <figcaption className="flex justify-between text-sm text-slate-700 dark:text-slate-200">
        <span>← Before (target)</span>
        <span>After (result) →</span>
      </figcaption>
    </figure>
  );
}
