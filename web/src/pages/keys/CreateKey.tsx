// The form that makes a key: a name and the scopes the caller may grant.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { useMe } from "../../api/session";
import { Field, styles } from "../../ui/controls";
import { type ScopeChoice, grantable } from "./scopes";
import { SecretDialog } from "./SecretDialog";

/** Create a key; its secret opens in a dialog, once. */
export function CreateKey() {
  const client = useQueryClient();
  const me = useMe();
  const choices = grantable(me.data?.scopes ?? []);
  const [name, setName] = useState("");
  const createButton = useRef<HTMLButtonElement>(null);
  const [scope, setScope] = useState<ScopeChoice["scope"]>("write");
  // A read-only caller is offered read only: the default falls back to what it may grant.
  const chosen = choices.some((c) => c.scope === scope) ? scope : (choices.at(-1)?.scope ?? "read");
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/keys", { body: { name, scopes: [chosen] } })),
    onSuccess: () => {
      setName("");
      void client.invalidateQueries({ queryKey: ["keys"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby="new-key" className="flex flex-col gap-4">
      <h2 id="new-key" className="text-xl font-semibold">
        New key
      </h2>
      <Field
        label="Name"
        hint="What it is for, e.g. laptop"
        value={name}
        maxLength={80}
        required
        onChange={(e) => setName(e.target.value)}
      />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 font-medium">Scopes</legend>
        {choices.map((c) => (
          <label key={c.scope} className="flex items-baseline gap-2">
            <input
              type="radio"
              name="scopes"
              value={c.scope}
              checked={chosen === c.scope}
              onChange={() => setScope(c.scope)}
              className="accent-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:accent-indigo-400"
            />
            <span>
              {c.label} <span className="text-sm text-slate-600 dark:text-slate-300">({c.hint})</span>
            </span>
          </label>
        ))}
      </fieldset>
      {create.isError && (
        <p role="alert" className="text-red-800 dark:text-red-300">
          {create.error.message}
        </p>
      )}
      <button
        ref={createButton}
        type="submit"
        className={`${styles.primary} self-start`}
        disabled={create.isPending}
      >
        {create.isPending ? "Creating…" : "Create key"}
      </button>
      <SecretDialog
        name={create.data?.name ?? ""}
        secret={create.data?.secret ?? null}
        onClose={() => create.reset()}
        returnFocus={createButton}
      />
    </form>
  );
}
