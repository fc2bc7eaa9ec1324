// The form that creates a model (persona): its name, trigger word and base family.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { Button, Field, styles } from "../../ui/controls";
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
  const familyId = useId();
  const errorId = useId();
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/models", {
          body: { name: name.trim(), family, ...(trigger.trim() ? { trigger: trigger.trim() } : {}) },
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
