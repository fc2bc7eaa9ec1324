// A refused save's detail ("captions not saved: 001.jpg: uses banned words: ...; 002.jpg: ...")
// split back into each image's reasons, to show beside the caption it is about.

/** Each named image's reasons, and whatever names no image. */
export function splitRefusal(detail: string, images: string[]): { byImage: Record<string, string[]>; rest: string[] } {
  const known = new Set(images);
  const body = detail.replace(/^captions not saved: /, "");
  const byImage: Record<string, string[]> = {};
  const rest: string[] = [];
  for (const part of body.split("; ")) {
    const colon = part.indexOf(": ");
    const image = colon > 0 ? part.slice(0, colon) : "";
    if (known.has(image)) (byImage[image] ??= []).push(part.slice(colon + 2));
    else rest.push(part);
  }
  return { byImage, rest: Object.keys(byImage).length ? rest : [detail] };
}
