// Keep/reject overrides: each makes a new version (or names the one with that content), and
// the page moves to it, saying what happened and how to undo it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { Change } from "./types";

/** What the page says after an override, carried in the navigation's state. */
export interface Notice {
  from: number;
  to: number;
  made: boolean;
  changes: Change[];
  undo: boolean;
}

/** The words of a notice. */
export function noticeText(n: Notice): string {
  const kept = n.changes.filter((c) => c.keep).length;
  const out = n.changes.length - kept;
  const what = [kept ? `${kept} kept in` : "", out ? `${out} taken out` : ""].filter(Boolean).join(", ");
  const verb = n.undo ? "Undone" : "Overridden";
  return n.made
    ? `${verb} (${what}): made v${n.to} from v${n.from}. Now showing v${n.to}.`
    : `${verb} (${what}): v${n.to} already has that content. Now showing v${n.to}.`;
}

/** The reverse of some changes (the same images, the other way). */
export function reverse(changes: Change[], version: number): Change[] {
  return changes.map((c) => ({ file: c.file, keep: !c.keep, reason: `undo of the override that made v${version}` }));
}

/** POST the changes on a version; on success, show the version they give. */
export function useOverride(name: string, version: number) {
  const navigate = useNavigate();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ changes, undo }: { changes: Change[]; undo: boolean }) => {
      const answer = await api.POST("/api/v1/models/{name}/datasets/{version}/overrides", {
        params: { path: { name, version } },
        body: { changes },
      });
      const data = unwrap(answer);
      return { data, made: answer.response.status === 201, changes, undo };
    },
    onSuccess: ({ data, made, changes, undo }) => {
      client.setQueryData(["datasets", name, data.version], data);
      void client.invalidateQueries({ queryKey: ["datasets", name], exact: true });
      const notice: Notice = { from: version, to: data.version, made, changes, undo };
      void navigate(`/models/${encodeURIComponent(name)}/datasets/${data.version}`, { state: { notice } });
    },
  });
}
