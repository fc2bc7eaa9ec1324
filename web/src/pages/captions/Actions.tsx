// Save (the drafts become a new version: open it, clear what was saved), Approve (as the signed-in
// user; only with nothing unsaved and no problem left), each disabled with why.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import { ApiError, unwrap } from "../../api/problem";
import { Button, styles } from "../../ui/controls";
import type { ConsentGate } from "../../ui/consent-gate";
import { ErrorState } from "../../ui/states";
import { clearDrafts } from "./drafts";
import { splitRefusal } from "./refusal";
import type { CaptionsPublic } from "./types";

interface Props {
  data: CaptionsPublic;
  drafts: Record<string, string>;
  problems: number;
  checking: boolean;
  gate: ConsentGate;
  onRefused: (byImage: Record<string, string[]>) => void;
}

/** Why an action that needs connection failed, in words a reviewer can act on. */
function reason(error: unknown): Error {
  if (error instanceof ApiError) return error;
  return new Error("The studio could not be reached: nothing was saved and your drafts are kept in this browser. Save again when the connection is back.");
}

/** The review's Save and Approve buttons, and why either is disabled. */
export function Actions({ data, drafts, problems, checking, gate, onRefused }: Props) {
  const { model: name, version } = data;
  const navigate = useNavigate();
  const client = useQueryClient();
  const images = data.items.map((i) => i.image);
  const unsaved = Object.keys(drafts).filter((image) => images.includes(image));
  const save = useMutation({
    mutationFn: async () => {
      const captions = Object.fromEntries(unsaved.map((image) => [image, drafts[image] ?? ""]));
      try {
        return unwrap(
          await api.PATCH("/api/v1/models/{name}/datasets/{version}/captions", {
            params: { path: { name, version } },
            body: { captions, approve: false },
          }),
        );
      } catch (error) {
        throw reason(error);
      }
    },
    onSuccess: (made) => {
      clearDrafts(name, version, unsaved);
      client.setQueryData(["captions", name, made.version], made);
      void client.invalidateQueries({ queryKey: ["datasets", name] });
      void navigate(`/models/${name}/datasets/${made.version}/captions`);
    },
    onError: (error) => {
      onRefused(error instanceof ApiError && error.status === 422 ? splitRefusal(error.message, images).byImage : {});
    },
  });
  const approve = useMutation({
    mutationFn: async () => {
      try {
        return unwrap(await api.POST("/api/v1/models/{name}/datasets/{version}/captions/approve", { params: { path: { name, version } } }));
      } catch (error) {
        throw reason(error);
      }
    },
    onSuccess: (approved) => client.setQueryData(["captions", name, version], approved),
  });
  const saveWhy = gate.why ?? (unsaved.length === 0 ? "Nothing to save: no caption was changed." : null);
  const approveWhy =
    gate.why ??
    (unsaved.length > 0
      ? `Save first: ${unsaved.length} ${unsaved.length === 1 ? "caption is" : "captions are"} not saved.`
      : checking
        ? "Checking the captions…"
        : problems > 0
          ? `Fix the ${problems} ${problems === 1 ? "problem" : "problems"} first.`
          : data.reviewed_by
            ? "Already approved."
            : null);
  const refusal = save.error && !(save.error instanceof ApiError && save.error.status === 422 && Object.keys(splitRefusal(save.error.message, images).byImage).length > 0);
  return (
    <section aria-label="Save and approve" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-start gap-3">
        <div className="flex flex-col gap-1">
          <Button kind="primary" disabled={saveWhy !== null || save.isPending} aria-describedby={saveWhy ? "save-why" : undefined} onClick={() => save.mutate()}>
            {save.isPending ? "Saving…" : unsaved.length ? `Save ${unsaved.length} ${unsaved.length === 1 ? "caption" : "captions"}` : "Save"}
          </Button>
          {saveWhy && <p id="save-why" className={`max-w-xs text-sm ${styles.muted}`}>{saveWhy}</p>}
        </div>
        <div className="flex flex-col gap-1">
          <Button disabled={approveWhy !== null || approve.isPending} aria-describedby={approveWhy ? "approve-why" : undefined} onClick={() => approve.mutate()}>
            {approve.isPending ? "Approving…" : "Approve"}
          </Button>
          {approveWhy && <p id="approve-why" className={`max-w-xs text-sm ${styles.muted}`}>{approveWhy}</p>}
        </div>
      </div>
      {save.isError && (refusal ? <ErrorState error={save.error} /> : <p role="alert" className="text-sm text-red-800 dark:text-red-200">Not saved: each refused caption says why below. Your drafts are kept.</p>)}
      {approve.isError && <ErrorState error={approve.error} />}
    </section>
  );
}
