// The new key's secret, shown once: copy it now, it is never shown again.
import { Dialog } from "radix-ui";
import { type RefObject, useState } from "react";
import { Button, styles } from "../../ui/controls";

export const dialogBox =
  "fixed top-1/2 left-1/2 z-50 flex w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 flex-col gap-4 rounded-lg border border-slate-300 bg-white p-5 text-slate-900 shadow-xl dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";
export const overlay = "fixed inset-0 z-40 bg-slate-950/60";

interface Props {
  name: string;
  secret: string | null;
  onClose: () => void;
  returnFocus: RefObject<HTMLElement | null>;
}

/** Open while `secret` is set; closing it calls onClose, which forgets the secret. */
export function SecretDialog({ name, secret, onClose, returnFocus }: Props) {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const copy = () => {
    if (secret === null) return;
    navigator.clipboard.writeText(secret).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  };
  return (
    <Dialog.Root
      open={secret !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied("no");
          onClose();
        }
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className={overlay} />
        <Dialog.Content
          className={dialogBox}
          onCloseAutoFocus={(event) => {
            // Opened by the API's answer, not a trigger: give focus back to the form's button.
            event.preventDefault();
            returnFocus.current?.focus();
          }}
        >
          <Dialog.Title className="text-lg font-semibold">Key “{name}” created</Dialog.Title>
          <Dialog.Description className="font-medium text-amber-900 dark:text-amber-200">
            Copy the key now: it will not be shown again. The studio keeps only a hash of it.
          </Dialog.Description>
          <label className="flex flex-col gap-1">
            <span className="font-medium">Secret key</span>
            <textarea
              readOnly
              rows={2}
              value={secret ?? ""}
              onFocus={(e) => e.currentTarget.select()}
              className={`${styles.input} resize-none font-mono text-sm break-all`}
            />
          </label>
          <p role="status" className={`min-h-6 text-sm ${styles.muted}`}>
            {copied === "yes" && "Copied to the clipboard."}
            {copied === "failed" && "Copying failed: select the key and copy it by hand."}
          </p>
          <div className="flex flex-wrap justify-end gap-3">
            <Button kind="primary" onClick={copy}>
              Copy
            </Button>
            <Dialog.Close asChild>
              <Button>Done</Button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
