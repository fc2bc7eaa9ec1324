// Training (being built: issue 31).
import { useParams } from "react-router";
import { ConsentGateBanner } from "../ui/consent-gate";
import { usePageTitle } from "../ui/title";

/** Training. */
export function TrainingPage() {
  const { name = "" } = useParams();
  usePageTitle(`Training of ${name}`);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold break-all">Training of {name}</h1>
      <ConsentGateBanner name={name} />
    </div>
  );
}
