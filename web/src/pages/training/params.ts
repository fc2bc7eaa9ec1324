// The training params as form fields, read from the API's JSON Schema of TrainParams (never a
// hand-kept list: a new param appears in the form by itself).
import type { components } from "../../api/schema";

export type TrainParams = components["schemas"]["TrainParams"];
export type TrainingCreate = components["schemas"]["TrainingCreate"];
/** A training request as sent: what is left out takes the API's default. */
export type TrainingRequest = Partial<TrainingCreate>;
export type Family = components["schemas"]["FamilyPublic"];
export type Values = Record<string, string | boolean>;

export interface ParamField {
  name: string;
  label: string;
  kind: "integer" | "number" | "enum" | "boolean";
  min: number | null;
  max: number | null;
  /** The limit itself is not allowed (a learning rate above 0, not 0). */
  exclusiveMin: boolean;
  exclusiveMax: boolean;
  options: string[];
  /** Empty means "the family's default" (null in the schema). */
  nullable: boolean;
  hint: string | null;
  advanced: boolean;
}

// Shown first; the rest sit under "Advanced".
const MAIN = ["steps", "rank", "lr", "resolution", "checkpoint_every", "samples", "seed"];
// Where the schema's title is a bare field name, a person's words for it.
const LABELS: Record<string, string> = {
  lr: "Learning rate",
  text_encoder_lr: "Text encoder learning rate",
  ema_decay: "EMA decay",
  min_snr_gamma: "Min-SNR gamma",
};

interface Prop {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: Prop[];
  title?: string;
  description?: string;
}

const num = (...xs: (number | undefined)[]) => xs.find((x) => typeof x === "number") ?? null;

/** Each param but `family` (the form's own select), main ones first. */
export function paramFields(schema: Record<string, unknown>): ParamField[] {
  const props = (schema.properties ?? {}) as Record<string, Prop>;
  const fields: ParamField[] = [];
  for (const [name, prop] of Object.entries(props)) {
    if (name === "family") continue;
    const branch = prop.anyOf?.find((b) => b.type !== "null") ?? prop;
    const kind = branch.enum ? "enum" : branch.type === "boolean" ? "boolean" : branch.type === "integer" ? "integer" : "number";
    fields.push({
      name,
      label: LABELS[name] ?? prop.title ?? name,
      kind,
      min: num(branch.minimum, branch.exclusiveMinimum),
      max: num(branch.maximum, branch.exclusiveMaximum),
      exclusiveMin: branch.minimum === undefined && branch.exclusiveMinimum !== undefined,
      exclusiveMax: branch.maximum === undefined && branch.exclusiveMaximum !== undefined,
      options: (branch.enum ?? []).map(String),
      nullable: prop.anyOf?.some((b) => b.type === "null") ?? false,
      hint: prop.description ?? null,
      advanced: !MAIN.includes(name),
    });
  }
  const rank = (f: ParamField) => (f.advanced ? 100 : MAIN.indexOf(f.name));
  return fields.sort((a, b) => rank(a) - rank(b));
}

/** A family's defaults (or a job's params) as the form's values. */
export function toValues(fields: ParamField[], params: Record<string, unknown>): Values {
  const values: Values = {};
  for (const f of fields) {
    const v = params[f.name];
    values[f.name] = f.kind === "boolean" ? v === true : v === null || v === undefined ? "" : String(v);
  }
  return values;
}

/** The form's values as TrainParams: an empty field is left to the family's default. */
export function toParams(fields: ParamField[], values: Values, family: string | null): Record<string, unknown> {
  const params: Record<string, unknown> = family ? { family } : {};
  for (const f of fields) {
    const v = values[f.name];
    if (typeof v === "boolean") params[f.name] = v;
    else if (v === undefined || v.trim() === "") continue;
    else if (f.kind === "enum") params[f.name] = v;
    else params[f.name] = Number(v);
  }
  return params;
}

/** Only the fields whose values differ from `before` (what a clone changes). */
export function changed(after: Record<string, unknown>, before: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v));
}
