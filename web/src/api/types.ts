// Names for the API's schemas (generated in schema.d.ts; never written by hand).
import type { components } from "./schema";

type Schemas = components["schemas"];
export type ModelPublic = Schemas["ModelPublic"];
export type ConsentPublic = Schemas["ConsentPublic"];
export type JobPublic = Schemas["JobPublic"];
export type EventPublic = Schemas["EventPublic"];
export type ResultPublic = Schemas["ResultPublic"];
export type EstimatePublic = Schemas["EstimatePublic"];
export type KeyPublic = Schemas["KeyPublic"];
export type FileVerdict = Schemas["FileVerdict"];
export type ProviderPublic = Schemas["ProviderPublic"];
