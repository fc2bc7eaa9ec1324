// The model's recent jobs, a running one's progress, links to each job and its Prefect run (being built).
import type { ModelPublic } from "../../api/types";

/** Recent jobs of this model. */
export function JobsSection({ model }: { model: ModelPublic }) {
  return (
    <section aria-labelledby="jobs-heading">
      <h2 id="jobs-heading" className="text-xl font-semibold">Jobs</h2>
      <p>{model.runs} runs.</p>
    </section>
  );
}
