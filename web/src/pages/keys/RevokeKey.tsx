// Revoking a key, after a confirmation: programs using it fail from then on.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertDialog } from "radix-ui";
import { useState } from "react";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { KeyPublic } from "../../api/types";
import { Button } from "../../ui/controls";
import { dialogBox, overlay } from "./SecretDialog";

/** A "Revoke" button that asks first; the API's reason shows when it refuses. */
export function RevokeKey({ apiKey }: { apiKey: KeyPublic }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const revoke = useMutation({
    mutationFn: async () =>
      unwrap(await api.DELETE("/api/v1/keys/{key_id}", { params: { path: { key_id: apiKey.id } } })),
    onSuccess: () => {
      setOpen(false);
      void client.invalidateQueries({ queryKey: ["keys"] });
    },
  });
  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) revoke.reset();
      }}
    >
      <AlertDialog.Trigger asChild>
        <Button kind="danger" className="py-1 text-sm" aria-label={`Revoke ${apiKey.name}`}>
          Revoke
        </Button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlay} />
        <AlertDialog.Content
          className={dialogBox}
          onCloseAutoFocus={(event) => {
            if (!revoke.isSuccess) return; // cancelled: back to the Revoke button
            // The Revoke button goes away with the key's refetch: focus its card's heading instead.
            event.preventDefault();
            document.getElementById(`key-${apiKey.id}`)?.focus();
          }}
        >
          <AlertDialog.Title className="text-lg font-semibold">Revoke the key “{apiKey.name}”?</AlertDialog.Title>
          <AlertDialog.Description>
            Requests made with <code className="font-mono">{apiKey.prefix}…</code> fail from now on. This cannot be
            undone: programs that use it need a new key.
          </AlertDialog.Description>
          {revoke.isError && (
            <p role="alert" className="text-red-800 dark:text-red-300">
              {revoke.error.message}
            </p>
          )}
          <div className="flex flex-wrap justify-end gap-3">
            <AlertDialog.Cancel asChild>
              <Button>Cancel</Button>
            </AlertDialog.Cancel>
            {/* Not AlertDialog.Action: that would close the dialog before the API answers. */}
            <Button kind="danger" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
              Revoke key
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
