// The form that creates a model (persona): its name, trigger word and base family.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { Button, Field, styles } from "../../ui/controls";
import type { ProviderPublic } from "../../api/types";
import { DEFAULT_FAMILY, FAMILIES, type Family } from "./families";

const NAME_RULE =
  "Lowercase letters a-z, digits, '-' and '_'; starts with a letter or digit; up to 40 characters; unique in the studio (it names the model's folder).";

/** Name, trigger word, family; the API's refusal inline; the new model's page on success. */
export function CreateModel() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [trigger, setTrigger] = useState("");
  const [family, setFamily] = useState<Family>(DEFAULT_FAMILY);
  const [engine, setEngine] = useState("local");
  const familyId = useId();
  const engineId = useId();
  const engines = useQuery({
    queryKey: ["providers"],
    queryFn: async () => unwrap(await api.GET("/api/v1/providers")),
    staleTime: 60_000,
  });
  const errorId = useId();
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/models", {
          body: { name: name.trim(), family, provider: engine, ...(trigger.trim() ? { trigger: trigger.trim() } : {}) },
        }),
      ),
    onSuccess: (model) => {
      client.setQueryData(["model", model.name], model);
      void client.invalidateQueries({ queryKey: ["models"] });
      void navigate(`/models/${model.name}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const invalid = create.isError ? { "aria-invalid": true, "aria-describedby": errorId } : {};
  return (
    <form onSubmit={submit} aria-labelledby="new-model" className={`${styles.card} flex max-w-xl flex-col gap-3`}>
      <h2 id="new-model" className="text-lg font-semibold">
        New model
      </h2>
      <Field label="Name" hint={NAME_RULE} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" {...invalid} />
      <Field
        label="Trigger word"
        hint="The word captions use for this persona (default: its name)."
        value={trigger}
        onChange={(e) => setTrigger(e.target.value)}
        autoComplete="off"
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={familyId} className="font-medium">
          Base family
        </label>
        <select id={familyId} className={styles.input} value={family} onChange={(e) => setFamily(e.target.value as Family)}>
          {Object.entries(FAMILIES).map(([value, title]) => (
            <option key={value} value={value}>
              {title}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={engineId} className="font-medium">
          Engine
        </label>
        <select id={engineId} aria-describedby={`${engineId}-hint`} className={styles.input} value={engine} onChange={(e) => setEngine(e.target.value)}>
          {(engines.data ?? [{ name: "local", prices: {}, ready: true, why: null }]).map((e) => (
            <option key={e.name} value={e.name} disabled={!e.ready}>
              {engineLabel(e)}
            </option>
          ))}
        </select>
        <span id={`${engineId}-hint`} className={`text-sm ${styles.muted}`}>
          The face swap engine: local runs on this machine for free; a paid API bills credits per photo.
          {engines.data?.filter((e) => !e.ready).map((e) => ` ${e.name}: ${e.why ?? "not set up"}.`)}
          {engines.isPending && " Loading the other engines…"}
        </span>
        {engines.isError && (
          <p role="alert" className="text-sm text-red-800 dark:text-red-300">
            The list of engines could not be loaded ({engines.error.message}): only local is offered.{" "}
            <button type="button" className={styles.link} onClick={() => void engines.refetch()}>
              Load it again
            </button>
          </p>
        )}
      </div>
      {create.isError && (
        <p id={errorId} role="alert" className="text-red-800 dark:text-red-300">
          {create.error.message}
        </p>
      )}
      <Button kind="primary" type="submit" disabled={create.isPending} className="self-start">
        {create.isPending ? "Creating…" : "Create model"}
      </Button>
    </form>
  );
}

/** "maxstudio: 10 credits a swap, 2 an enhance" (or why it cannot be picked). */
function engineLabel(engine: ProviderPublic): string {
  if (!engine.ready) return `${engine.name} (not set up)`;
  const swap = engine.prices.swap ?? 0;
  const enhance = engine.prices.enhance ?? 0;
  if (swap === 0 && enhance === 0) return `${engine.name} (free)`;
  return `${engine.name} (${swap} credits a swap, ${enhance} an enhance)`;
}
