// The cost calculator and the button that starts a run (being built).
import type { ConsentPublic, ModelPublic } from "../../api/types";

/** The estimate as the user picks category, sources and enhance; then start. */
export function RunSection({ model, consent }: { model: ModelPublic; consent: ConsentPublic | null }) {
  return (
    <section aria-labelledby="run-heading">
      <h2 id="run-heading" className="text-xl font-semibold">Run</h2>
      <p>{consent ? `${model.credits} credits spent so far.` : "Record consent first."}</p>
    </section>
  );
}
