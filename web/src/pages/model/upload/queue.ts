// The files being uploaded, one at a time, each a row with its progress and then its verdict.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { ApiError } from "../../../api/problem";
import type { FileVerdict } from "../../../api/types";
import {
  type Category,
  type Pending,
  type Role,
  type UploadPublic,
  createUpload,
  forget,
  pendingUploads,
  readUpload,
  sameFile,
  sendFrom,
} from "./transfer";

export type RowState = "waiting" | "sending" | "done" | "interrupted" | "failed";

/** One file's row. */
export interface Row {
  key: string;
  file: File;
  role: Role;
  category: Category | null;
  sent: number;
  state: RowState;
  uploadId: string | null; // once the studio has made the upload
  verdict: FileVerdict | null;
  error: string | null;
}

let counter = 0;

/** Rows, and the calls that add files, retry an interrupted one and resume a remembered one. */
export function useUploadQueue(model: string) {
  const client = useQueryClient();
  const [rows, setRows] = useState<Row[]>([]);
  const queue = useRef<Row[]>([]);
  const busy = useRef(false);

  const patch = useCallback((key: string, change: Partial<Row>) => {
    setRows((now) => now.map((row) => (row.key === key ? { ...row, ...change } : row)));
  }, []);

  const run = useCallback(
    async (row: Row) => {
      patch(row.key, { state: "sending", error: null });
      let id = row.uploadId;
      try {
        let upload: UploadPublic = id ? await readUpload(id) : await createUpload(model, row.file, row.role, row.category);
        id = upload.id;
        patch(row.key, { uploadId: id });
        upload = await sendFrom(model, upload, row.file, (sent) => patch(row.key, { sent }));
        patch(row.key, { state: "done", sent: row.file.size, verdict: upload.result ?? null });
      } catch (error) {
        // Refused before any byte (consent, caps) or the studio lost the upload: nothing to resume.
        // Anything else (a dropped connection, consent revoked before the last piece) may pass later.
        const gone = error instanceof ApiError && error.status === 404;
        if (gone && id) forget(model, id);
        patch(row.key, {
          state: gone || (error instanceof ApiError && id === null) ? "failed" : "interrupted",
          // fetch's own errors ("Failed to fetch") say less than this
          error: error instanceof ApiError ? error.message : "the connection dropped",
        });
      }
    },
    [model, patch],
  );

  const drain = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      for (let next = queue.current.shift(); next; next = queue.current.shift()) await run(next);
    } finally {
      busy.current = false;
      // The model's counts and its photo lists changed.
      void client.invalidateQueries({ queryKey: ["model", model] });
      void client.invalidateQueries({ queryKey: ["photos", model] });
      void client.invalidateQueries({ queryKey: ["estimate", model] });
    }
  }, [client, model, run]);

  const enqueue = useCallback(
    (added: Row[]) => {
      setRows((now) => [...now, ...added]);
      queue.current.push(...added);
      void drain();
    },
    [drain],
  );

  /** Upload these files in this role; a file an unfinished upload was sending resumes it. */
  const add = useCallback(
    (files: File[], role: Role, category: Category | null) => {
      const pending = pendingUploads(model);
      enqueue(
        files.map((file) => {
          const earlier = pending.find((p) => sameFile(p, file) && p.role === role && p.category === (role === "target" ? category : null));
          return newRow(file, role, role === "target" ? category : null, earlier?.id ?? null);
        }),
      );
    },
    [enqueue, model],
  );

  /** Send an interrupted row again from the offset the studio has. */
  const retry = useCallback(
    (key: string) => {
      const row = rows.find((r) => r.key === key);
      if (!row) return;
      patch(key, { state: "waiting", error: null });
      queue.current.push({ ...row, state: "waiting" });
      void drain();
    },
    [drain, patch, rows],
  );

  /** Resume a remembered upload with the file the user picked again. */
  const resume = useCallback(
    (pending: Pending, file: File) => enqueue([newRow(file, pending.role, pending.category, pending.id)]),
    [enqueue],
  );

  return { rows, add, retry, resume };
}

function newRow(file: File, role: Role, category: Category | null, uploadId: string | null): Row {
  counter += 1;
  return { key: `f${counter}`, file, role, category, sent: 0, state: "waiting", uploadId, verdict: null, error: null };
}
