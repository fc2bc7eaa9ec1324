// Where photos go in: dropped on the zone, or picked with the labelled file input (keyboard).
import { type DragEvent, useId, useState } from "react";
import { styles } from "../../../ui/controls";

const focusRing =
  "peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600 dark:peer-focus-visible:outline-indigo-400";

/** A drop zone with a "Choose photos" button; disabled (with why) when uploads cannot go now. */
export function DropZone({ onFiles, disabled, what }: { onFiles: (files: File[]) => void; disabled: string | null; what: string }) {
  const [over, setOver] = useState(false);
  const id = useId();
  const take = (list: FileList | null) => {
    const files = Array.from(list ?? []);
    if (files.length > 0 && disabled === null) onFiles(files);
  };
  const hover = (event: DragEvent, on: boolean) => {
    event.preventDefault(); // lets the zone take the drop
    setOver(on && disabled === null);
  };
  return (
    <div
      role="group"
      aria-label={`Drop ${what} here`}
      aria-describedby={disabled ? `${id}-why` : undefined}
      onDragEnter={(e) => hover(e, true)}
      onDragOver={(e) => hover(e, true)}
      onDragLeave={(e) => hover(e, false)}
      onDrop={(e) => {
        hover(e, false);
        take(e.dataTransfer.files);
      }}
      className={`flex flex-col items-center gap-3 rounded-lg border-2 border-dashed p-6 text-center ${
        over
          ? "border-indigo-600 bg-indigo-50 dark:border-indigo-400 dark:bg-indigo-950"
          : "border-slate-400 bg-white dark:border-slate-500 dark:bg-slate-900"
      }`}
    >
      <p>Drop {what} here, or</p>
      <div>
        <input
          id={id}
          type="file"
          multiple
          accept="image/jpeg,image/png,image/webp,image/tiff,image/bmp,image/gif"
          className="peer sr-only"
          disabled={disabled !== null}
          onChange={(e) => {
            take(e.currentTarget.files);
            e.currentTarget.value = ""; // the same file can be picked again
          }}
        />
        <label htmlFor={id} className={`${styles.primary} ${focusRing} inline-block cursor-pointer peer-disabled:cursor-not-allowed peer-disabled:opacity-50`}>
          Choose photos
        </label>
      </div>
      {disabled && (
        <p id={`${id}-why`} className={`text-sm ${styles.muted}`}>
          {disabled}
        </p>
      )}
    </div>
  );
}
