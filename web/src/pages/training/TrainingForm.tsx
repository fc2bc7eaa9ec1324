// The training form, drawn from the API's params schema: dataset version, family (its defaults
// fill the fields), each param, the check's answer and the license override, then submit.
import { useMemo, useState } from "react";
import type { components } from "../../api/schema";
import type { ModelPublic } from "../../api/types";
import { styles } from "../../ui/controls";
import { useConsentGate } from "../../ui/consent-gate";
import { useTrainingCheck } from "./check";
import { DatasetPick, firstVersion } from "./DatasetPick";
import { DryRun } from "./DryRun";
import { FamilyPick } from "./FamilyPick";
import { LicenseOverride } from "./LicenseOverride";
import { ParamFields } from "./ParamInput";
import { type Family, paramFields, toParams, toValues, type TrainingRequest, type TrainParams } from "./params";
import { Submit } from "./Submit";

type Dataset = components["schemas"]["DatasetSummary"];

interface Props {
  model: ModelPublic;
  schema: Record<string, unknown>;
  families: Family[];
  datasets: Dataset[];
}

/** The form and its check. */
export function TrainingForm({ model, schema, families, datasets }: Props) {
  const gate = useConsentGate(model.name);
  const fields = useMemo(() => paramFields(schema), [schema]);
  const start = families.find((f) => f.family === model.family) ?? families[0];
  const [familyName, setFamilyName] = useState(start?.family ?? "");
  const family = families.find((f) => f.family === familyName) ?? start;
  const [values, setValues] = useState(() => toValues(fields, start?.defaults ?? {}));
  const [unreviewed, setUnreviewed] = useState(false);
  const [version, setVersion] = useState(() => firstVersion(datasets, false));
  const [override, setOverride] = useState(false);
  const chosen = datasets.find((d) => d.version === version);
  const body: TrainingRequest = {
    params: toParams(fields, values, familyName) as TrainParams,
    dataset_version: version,
    unreviewed: unreviewed && chosen?.reviewed_by === null,
    license_override: override,
  };
  const check = useTrainingCheck(model.name, body, version !== null);
  if (family === undefined) return <p>The studio offers no base family to train on.</p>;
  const clash = model.commercial && family.commercial !== true;
  const checking = version !== null && (!check.current || check.query.isPending);
  const why = gate.loading
    ? "Checking the model's consent…"
    : !gate.open
      ? gate.why
      : version === null
        ? "Choose a dataset version first."
        : checking
          ? "Waiting for the check."
          : check.query.isError
            ? "The studio refuses this training: see the check above."
            : null;
  return (
    <form className="flex flex-col gap-6" onSubmit={(e) => e.preventDefault()} aria-label={`Train a LoRA of ${model.name}`}>
      <DatasetPick
        model={model.name}
        datasets={datasets}
        version={version}
        unreviewed={unreviewed}
        onVersion={setVersion}
        onUnreviewed={(on) => {
          setUnreviewed(on);
          if (!on && chosen?.reviewed_by === null) setVersion(firstVersion(datasets, false));
          if (on && version === null) setVersion(firstVersion(datasets, true));
        }}
      />
      <fieldset className="flex min-w-0 flex-col gap-4">
        <legend className="mb-2 text-lg font-semibold">Params</legend>
        <FamilyPick
          families={families}
          family={family}
          commercial={model.commercial}
          onFamily={(name) => {
            setFamilyName(name);
            setValues(toValues(fields, families.find((f) => f.family === name)?.defaults ?? {}));
            setOverride(false);
          }}
        />
        <p className={`text-sm ${styles.muted}`}>The fields hold {family.title}'s defaults until you change them.</p>
        <ParamFields fields={fields} values={values} onChange={(name, v) => setValues((old) => ({ ...old, [name]: v }))} />
      </fieldset>
      {clash && <LicenseOverride model={model.name} family={family} checked={override} onChange={setOverride} />}
      {version !== null && <DryRun plan={check.query.data} error={check.query.error} checking={checking} />}
      <Submit model={model.name} body={body} why={why} />
    </form>
  );
}
