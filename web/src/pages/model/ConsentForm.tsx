// The form that records a model's consent (multipart, with the signed release for a real person).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { paths } from "../../api/schema";
import type { ModelPublic } from "../../api/types";
import { Button, Field, styles } from "../../ui/controls";

type Body = paths["/api/v1/models/{name}/consent"]["post"]["requestBody"]["content"]["multipart/form-data"];
type Kind = Body["kind"];

const KINDS: { value: Kind; label: string; hint: string }[] = [
  { value: "synthetic", label: "Synthetic persona", hint: "No real person is depicted." },
  { value: "real-person", label: "Real person", hint: "They agreed in a signed release, uploaded below." },
];

type ChoiceProps = { type: "radio" | "checkbox"; label: string; hint?: string; checked: boolean; onChange: (on: boolean) => void };

/** A radio button or checkbox with its label, and a hint that describes it. */
function Choice({ type, label, hint, checked, onChange }: ChoiceProps) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type={type}
        name={type === "radio" ? "kind" : undefined}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-1 h-4 w-4 shrink-0 accent-indigo-700 dark:accent-indigo-300"
      />
      <div>
        <label htmlFor={id}>{label}</label>
        {hint && (
          <p id={`${id}-hint`} className={`text-sm ${styles.muted}`}>
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

/** Kind, scopes, adult attestation, subject and release; the API says what is missing. */
export function ConsentForm({ model, onDone }: { model: ModelPublic; onDone?: () => void }) {
  const client = useQueryClient();
  const [kind, setKind] = useState<Kind | "">("");
  const [sfw, setSfw] = useState(true);
  const [nsfw, setNsfw] = useState(false);
  const [adult, setAdult] = useState(false);
  const [subject, setSubject] = useState("");
  const [release, setRelease] = useState<File | null>(null);
  const releaseId = useId();
  const errorId = useId();
  const name = model.name;
  const record = useMutation({
    mutationFn: async () => {
      const scopes = [sfw && "sfw", nsfw && "nsfw"].filter(Boolean).join(",");
      const form = new FormData();
      form.set("kind", kind);
      form.set("scopes", scopes);
      form.set("attest_adult", adult ? "true" : "false");
      if (kind === "real-person") {
        if (subject.trim()) form.set("subject", subject.trim());
        if (release) form.set("release", release, release.name);
      }
      // The API checks every rule (and names what is missing); the fields go as multipart.
      const body = { kind, scopes, attest_adult: adult } as Body;
      return unwrap(
        await api.POST("/api/v1/models/{name}/consent", {
          params: { path: { name } },
          body,
          bodySerializer: () => form,
        }),
      );
    },
    onSuccess: (consent) => {
      client.setQueryData(["consent", name], consent);
      void client.invalidateQueries({ queryKey: ["model", name] });
      void client.invalidateQueries({ queryKey: ["models"] });
      onDone?.();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby="consent-form" className={`${styles.card} flex max-w-xl flex-col gap-4`}>
      <h3 id="consent-form" className="text-lg font-semibold">
        Record consent
      </h3>
      <p className={`text-sm ${styles.muted}`}>
        Needed: the kind, a scope and the adult attestation; for a real person, also who agreed and the signed release.
        Targets can be uploaded, and runs started, only once consent is in force; a new record supersedes the one before.
      </p>
      <fieldset className="flex flex-col gap-2">
        <legend className="font-medium">Kind</legend>
        {KINDS.map((k) => (
          <Choice key={k.value} type="radio" label={k.label} hint={k.hint} checked={kind === k.value} onChange={() => setKind(k.value)} />
        ))}
      </fieldset>
      <fieldset className="flex flex-col gap-2">
        <legend className="font-medium">Scopes</legend>
        <Choice type="checkbox" label="Safe for work (sfw)" checked={sfw} onChange={setSfw} />
        <Choice
          type="checkbox"
          label="Adult content (nsfw)"
          hint="Its own explicit scope: nsfw targets need it."
          checked={nsfw}
          onChange={setNsfw}
        />
      </fieldset>
      <Choice
        type="checkbox"
        label="I attest that the person (or synthetic persona) depicted is an adult"
        checked={adult}
        onChange={setAdult}
      />
      {kind === "real-person" && (
        <>
          <Field label="Subject" hint="Who agreed (as named in the release)." value={subject} onChange={(e) => setSubject(e.target.value)} />
          <div className="flex flex-col gap-1">
            <label htmlFor={releaseId} className="font-medium">
              Signed release document
            </label>
            <input
              id={releaseId}
              type="file"
              accept=".pdf,.txt,image/*"
              onChange={(e) => setRelease(e.target.files?.[0] ?? null)}
              className={`${styles.input} file:mr-3 file:rounded file:border-0 file:bg-slate-200 file:px-2 file:py-1 file:text-slate-900 dark:file:bg-slate-700 dark:file:text-slate-100`}
            />
          </div>
        </>
      )}
      {record.isError && (
        <p id={errorId} role="alert" className="text-red-800 dark:text-red-300">
          Not recorded: {record.error.message}
        </p>
      )}
      <Button kind="primary" type="submit" disabled={record.isPending} className="self-start" aria-describedby={record.isError ? errorId : undefined}>
        {record.isPending ? "Recording…" : "Record consent"}
      </Button>
    </form>
  );
}
