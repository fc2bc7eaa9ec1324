// A candidate's scores as labelled badges: what each number is, in words (never colour alone).

type Scores = Record<string, unknown>;

function num(scores: Scores, key: string): number | null {
  const v = scores[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

const round = (v: number, digits = 0) => v.toFixed(digits);

/** Labelled scores, in the order a person reads them: sharpness, exposure, face, pose, identity, quality. */
export function scoreBadges(scores: Scores): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  const sharp = num(scores, "sharpness");
  if (sharp !== null) out.push({ label: "Sharpness", value: round(sharp, 1) });
  const luma = num(scores, "brightness");
  if (luma !== null) {
    const clipped = num(scores, "highlights") ?? 0;
    const black = num(scores, "shadows") ?? 0;
    out.push({ label: "Exposure", value: `luma ${round(luma)}, ${round(100 * clipped)}% clipped, ${round(100 * black)}% black` });
  }
  const face = num(scores, "face_fraction");
  if (face !== null) out.push({ label: "Face size", value: `${round(100 * face, 1)}% of frame` });
  const yaw = num(scores, "yaw");
  const pitch = num(scores, "pitch");
  if (yaw !== null || pitch !== null) {
    out.push({ label: "Pose", value: `yaw ${round(yaw ?? 0)}°, pitch ${round(pitch ?? 0)}°` });
  }
  const identity = num(scores, "identity_distance");
  if (identity !== null) out.push({ label: "Identity distance", value: round(identity, 2) });
  const brisque = num(scores, "brisque");
  if (brisque !== null) out.push({ label: "Quality (BRISQUE, lower is better)", value: round(brisque) });
  const aesthetic = num(scores, "aesthetic");
  if (aesthetic !== null) out.push({ label: "Aesthetic", value: round(aesthetic, 2) });
  const w = num(scores, "width");
  const h = num(scores, "height");
  if (w !== null && h !== null) out.push({ label: "Size", value: `${w}×${h} px` });
  if (scores.explicit === true) out.push({ label: "Content", value: "explicit" });
  return out;
}

const REASONS: Record<string, string> = {
  no_face: "No face",
  resolution: "Too small",
  face_too_small: "Face too small",
  exposure: "Badly exposed",
  blur: "Blurred",
  identity: "Not the same person",
  nsfw_scope: "Outside the consent's scope",
  aesthetic: "Low aesthetic score",
  quality: "Not chosen (quality and variety)",
  duplicate: "Near-duplicate",
  override: "Taken out by a person",
};

/** Why a candidate is out, in words (the rule's name when it is a new one). */
export function reasonWords(reason: string | null | undefined): string {
  if (!reason) return "Left out";
  return REASONS[reason] ?? reason.replaceAll("_", " ");
}
