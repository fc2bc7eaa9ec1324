// Drag and drop uploads of sources and targets, each file's verdict as it lands (being built).
import type { ConsentPublic, ModelPublic } from "../../api/types";

/** Sources and targets; targets only once consent is in force. */
export function Uploads({ model, consent }: { model: ModelPublic; consent: ConsentPublic | null }) {
  return (
    <section aria-labelledby="uploads-heading">
      <h2 id="uploads-heading" className="text-xl font-semibold">Photos</h2>
      <p>{model.sources} sources{consent ? "" : "; targets need consent first"}.</p>
    </section>
  );
}
