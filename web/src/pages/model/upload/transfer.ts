// Sending one photo through the resumable upload API, and the unfinished uploads a page offers
// to resume.
//
// Design: every file goes through the resumable API (POST /models/{name}/uploads, then PATCH
// /uploads/{id} pieces of 1 MiB at Upload-Offset), never the multipart batch route. One path
// for small and large files; each file gets its verdict the moment its last byte lands (a batch
// answers only when all of it is done); a dropped connection loses at most one piece; and the
// ids kept in localStorage let a reloaded page pick up where it stopped once the user picks the
// same file again (name and size checked). The cost, two requests for a small photo, is small.
import { api } from "../../../api/client";
import { ApiError, unwrap } from "../../../api/problem";
import type { paths } from "../../../api/schema";

export const PIECE = 1024 * 1024;

/** The API's view of one resumable upload (generated type). */
export type UploadPublic =
  paths["/api/v1/uploads/{upload_id}"]["get"]["responses"][200]["content"]["application/json"];
export type Role = "source" | "target";
export type Category = "sfw" | "nsfw";

/** What a page remembers of an upload it has not finished. */
export interface Pending {
  id: string;
  filename: string;
  size: number;
  role: Role;
  category: Category | null;
}

const storeKey = (model: string) => `aistudio-uploads:${model}`;

/** This model's unfinished uploads, as remembered by this browser. */
export function pendingUploads(model: string): Pending[] {
  try {
    const kept: unknown = JSON.parse(localStorage.getItem(storeKey(model)) ?? "[]");
    return Array.isArray(kept) ? (kept as Pending[]) : [];
  } catch {
    return []; // an unreadable entry is as good as none
  }
}

function keep(model: string, list: Pending[]): void {
  if (list.length === 0) localStorage.removeItem(storeKey(model));
  else localStorage.setItem(storeKey(model), JSON.stringify(list));
}

/** Remember an upload until it is finished or forgotten. */
export function remember(model: string, upload: Pending): void {
  keep(model, [...pendingUploads(model).filter((p) => p.id !== upload.id), upload]);
}

/** Stop offering an upload (finished, gone, or given up). */
export function forget(model: string, id: string): void {
  keep(model, pendingUploads(model).filter((p) => p.id !== id));
}

/** Whether a picked file is the one an unfinished upload was sending. */
export function sameFile(pending: Pending, file: File): boolean {
  return pending.filename === file.name && pending.size === file.size;
}

/** Start a resumable upload of one file (consent and caps are checked before any byte). */
export async function createUpload(model: string, file: File, role: Role, category: Category | null): Promise<UploadPublic> {
  const body =
    role === "source"
      ? { role, filename: file.name, size: file.size }
      : { role, category: category ?? "sfw", filename: file.name, size: file.size };
  const made = unwrap(await api.POST("/api/v1/models/{name}/uploads", { params: { path: { name: model } }, body }));
  remember(model, { id: made.id, filename: file.name, size: file.size, role, category: role === "target" ? category : null });
  return made;
}

/** How far an upload got (and its verdict once complete). */
export async function readUpload(id: string): Promise<UploadPublic> {
  return unwrap(await api.GET("/api/v1/uploads/{upload_id}", { params: { path: { upload_id: id } } }));
}

/** One piece at the upload's offset; the answer says the new offset (and the verdict, last). */
async function sendPiece(id: string, offset: number, piece: Blob, signal?: AbortSignal): Promise<UploadPublic> {
  const answer = await api.PATCH("/api/v1/uploads/{upload_id}", {
    params: { path: { upload_id: id }, header: { "Upload-Offset": offset } },
    headers: { "Content-Type": "application/offset+octet-stream" },
    // The schema types a binary body as a string; the Blob is sent as it is, not as JSON.
    body: piece as unknown as string,
    bodySerializer: (raw: unknown) => raw,
    signal,
  });
  return unwrap(answer);
}

/** Send a file's bytes from the upload's offset to its end; reports bytes sent as they go. */
export async function sendFrom(
  model: string,
  upload: UploadPublic,
  file: File,
  progress: (sent: number) => void,
  signal?: AbortSignal,
): Promise<UploadPublic> {
  let now = upload;
  progress(now.offset);
  while (now.result == null && now.offset < file.size) {
    const piece = file.slice(now.offset, Math.min(file.size, now.offset + PIECE));
    try {
      now = await sendPiece(now.id, now.offset, piece, signal);
    } catch (error) {
      // 409 says the studio has another offset (a piece landed but its answer was lost): go on from there.
      if (!(error instanceof ApiError && error.status === 409)) throw error;
      const there = await readUpload(now.id);
      if (there.offset === now.offset && there.result == null) throw error;
      now = there;
    }
    progress(now.offset);
  }
  if (now.result != null) forget(model, now.id);
  return now;
}
