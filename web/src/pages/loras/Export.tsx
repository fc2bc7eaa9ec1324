// Export a checkpoint in a chosen format and rank cap (made now, or by a job that lowers the
// rank), then download it; the file's license, consent record and dataset beside the buttons.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { Button, Field, styles } from "../../ui/controls";
import { useConsentGate } from "../../ui/consent-gate";
import { ErrorState } from "../../ui/states";
import { uuid } from "../model/run/estimate";
import { Download } from "./Download";
import { ExportResult, useExportJob } from "./ExportResult";
import { FileFacts } from "./FileFacts";
import { type LoraFormat, type LoraPublic, when } from "./lora";

const FORMATS: { value: LoraFormat; label: string }[] = [
  { value: "kohya", label: "kohya (A1111, Forge, most UIs)" },
  { value: "comfyui", label: "ComfyUI" },
  { value: "diffusers", label: "diffusers (PEFT names)" },
];

/** The export form, what the last export answered, and the download. */
export function Export({ lora, step }: { lora: LoraPublic; step: number | null }) {
  const gate = useConsentGate(lora.model);
  const native = lora.file?.format ?? null;
  const [format, setFormat] = useState<LoraFormat | "">("");
  const [cap, setCap] = useState("");
  const rank = Number(lora.params.rank ?? 0);
  const maxRank = cap.trim() === "" ? null : Number(cap);
  const badCap = maxRank !== null && !(Number.isInteger(maxRank) && maxRank >= 1 && maxRank <= 1024);
  const body = { format: format || null, step, max_rank: badCap ? null : maxRank };
  const choice = JSON.stringify(body);
  const exporting = useMutation({
    mutationFn: async (sent: typeof body) => ({
      choice: JSON.stringify(sent),
      answer: unwrap(
        await api.POST("/api/v1/models/{name}/loras/{version}/exports", {
          params: { path: { name: lora.model, version: lora.version }, header: { "idempotency-key": uuid() } },
          body: sent,
        }),
      ),
    }),
  });
  const reasons = [
    lora.withdrawn
      ? `Version ${lora.version} was withdrawn${lora.withdrawn_at ? ` on ${when.format(new Date(lora.withdrawn_at))}` : ""}: ${lora.withdrawn_reason ?? "no reason recorded"}.`
      : null,
    gate.loading ? "Checking consent…" : gate.why,
  ].filter((r): r is string => r !== null);
  const blocked = reasons.length > 0 ? reasons.join(" ") : null;
  const why = blocked ?? (step === null ? "No checkpoint to export yet." : badCap ? "The rank cap must be a whole number from 1 to 1024." : null);
  const last = exporting.data?.choice === choice ? exporting.data.answer : null;
  const job = useExportJob(last?.job?.id ?? null);
  const made = last !== null && (last.state === "ready" || job.data?.state === "succeeded") ? last.url : null;
  // The published file needs no export: the family's own format, the best step, the trained rank.
  const published =
    lora.file !== null && (format === "" || format === native) && step === lora.best_step && (maxRank === null || maxRank >= rank)
      ? lora.file.url
      : null;
  return (
    <section aria-labelledby="export-heading" className="flex flex-col gap-4">
      <h2 id="export-heading" className="text-xl font-semibold">
        Export and download
      </h2>
      <div className="grid items-start gap-6 md:grid-cols-[minmax(0,1fr)_minmax(0,20rem)]">
        <div className="flex min-w-0 flex-col gap-4">
          <p className={styles.muted}>Checkpoint: step {step ?? "none"}{step !== null && step === lora.best_step ? " (the best)" : ""}.</p>
          <fieldset disabled={blocked !== null} className="flex flex-wrap items-start gap-x-6 gap-y-3">
            <legend className="sr-only">The file to export</legend>
            <label className="flex flex-col gap-1">
              <span className="font-medium">Format</span>
              <select className={styles.input} value={format} onChange={(e) => setFormat(e.currentTarget.value as LoraFormat | "")}>
                <option value="">The family's own{native ? ` (${native})` : ""}</option>
                {FORMATS.map((f) => (
                  <option key={f.value} value={f.value} disabled={f.value === "kohya" && native !== null && native !== "kohya"}>
                    {f.label}
                  </option>
                ))}
              </select>
            </label>
            <Field
              label="Rank cap"
              className="w-full sm:max-w-xs"
              type="number"
              min={1}
              max={1024}
              step={1}
              inputMode="numeric"
              value={cap}
              onChange={(e) => setCap(e.currentTarget.value)}
              hint={`Empty: the trained rank (${rank}). A lower cap makes a smaller file (a job resizes it).`}
            />
          </fieldset>
          <div className="flex flex-wrap items-center gap-3">
            <Button
              kind="primary"
              disabled={why !== null || exporting.isPending}
              aria-describedby={why ? "export-why" : undefined}
              onClick={() => exporting.mutate(body)}
            >
              {exporting.isPending ? "Exporting…" : "Export"}
            </Button>
            <Download url={made ?? published} blocked={blocked !== null} whyId="export-why" making={last?.state === "exporting"} />
          </div>
          {why && (
            <p id="export-why" className="text-sm text-red-800 dark:text-red-300">
              {why}
            </p>
          )}
          {exporting.isError && <ErrorState error={exporting.error} retry={() => exporting.mutate(body)} />}
          {last && blocked === null && <ExportResult answer={last} />}
        </div>
        <FileFacts lora={lora} />
      </div>
    </section>
  );
}
