// The base families a new model may take, named as `aistudio lora families` names them.
import type { components } from "../../api/schema";

export type Family = NonNullable<components["schemas"]["ModelCreate"]["family"]>;

// `satisfies` fails the build when the API's enum gains or loses a family.
export const FAMILIES = {
  zimage: "Z-Image",
  sdxl: "Stable Diffusion XL",
  sd15: "Stable Diffusion 1.5",
  flux: "FLUX.1",
  "flux2-klein": "FLUX.2 klein",
  "qwen-image": "Qwen-Image",
} as const satisfies Record<Family, string>;

/** The family a new model gets unless the user picks another (the API's default too). */
export const DEFAULT_FAMILY: Family = "zimage";
