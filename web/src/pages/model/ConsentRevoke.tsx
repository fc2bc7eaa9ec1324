// Revoking consent, behind a confirmation that says what revoking does.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AlertDialog } from "radix-ui";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { styles } from "../../ui/controls";

/** The "Revoke consent" button and its dialog (Escape or Cancel keeps consent). */
export function ConsentRevoke({ name }: { name: string }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const revoke = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/models/{name}/consent/revoke", { params: { path: { name } }, body: { purge: false } })),
    onSuccess: (result) => {
      client.setQueryData(["consent", name], result.consent);
      void client.invalidateQueries({ queryKey: ["model", name] });
      void client.invalidateQueries({ queryKey: ["models"] });
      setOpen(false);
    },
  });
  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => { setOpen(next); if (next) revoke.reset(); }}>
      <AlertDialog.Trigger className={`${styles.danger} self-start`}>Revoke consent</AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 bg-slate-950/60" />
        <AlertDialog.Content className="fixed top-1/2 left-1/2 flex w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 flex-col gap-3 rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
          <AlertDialog.Title className="text-lg font-semibold">Revoke consent for {name}?</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="flex flex-col gap-2 text-sm">
              <p>
                No new runs start and no photos can be uploaded until consent is recorded again. Every LoRA version
                of {name} is withdrawn: its files are no longer served, and a later consent does not bring them back.
              </p>
              <p>The photos, results and cost ledger stay. The revocation is kept in the audit log.</p>
            </div>
          </AlertDialog.Description>
          {revoke.isError && (
            <p role="alert" className="text-red-800 dark:text-red-300">
              {revoke.error.message}
            </p>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <AlertDialog.Cancel className={styles.secondary}>Keep consent</AlertDialog.Cancel>
            <button type="button" className={styles.danger} disabled={revoke.isPending} onClick={() => revoke.mutate()}>
              {revoke.isPending ? "Revoking…" : "Revoke consent"}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
