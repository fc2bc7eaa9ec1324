// Names for the caption review's API schemas (generated in schema.d.ts; never written by hand).
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
export type CaptionsPublic = Schemas["CaptionsPublic"];
export type CaptionItem = Schemas["CaptionPublic"];
export type CaptionCheck = Schemas["CaptionCheck"];
export type CaptionProblem = Schemas["CaptionProblem"];
