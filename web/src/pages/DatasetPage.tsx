// Dataset (being built: issue 31).
import { useParams } from "react-router";
import { ConsentGateBanner } from "../ui/consent-gate";
import { usePageTitle } from "../ui/title";

/** Dataset. */
export function DatasetPage() {
  const { name = "" } = useParams();
  usePageTitle(`Dataset of ${name}`);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold break-all">Dataset of {name}</h1>
      <ConsentGateBanner name={name} />
    </div>
  );
}
