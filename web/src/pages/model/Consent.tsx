// The model's consent: what is in force, and the form that records it (being built).
import type { ConsentPublic, ModelPublic } from "../../api/types";

/** The consent in force (or the form to record one). */
export function ConsentSection({ model, consent }: { model: ModelPublic; consent: ConsentPublic | null }) {
  return (
    <section aria-labelledby="consent-heading">
      <h2 id="consent-heading" className="text-xl font-semibold">Consent</h2>
      <p>{consent ? `${consent.kind} (${consent.scopes.join(", ")})` : `No consent recorded for ${model.name}.`}</p>
    </section>
  );
}
