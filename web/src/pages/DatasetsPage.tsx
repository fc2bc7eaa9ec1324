// Datasets (being built: issue 31).
import { useParams } from "react-router";
import { ConsentGateBanner } from "../ui/consent-gate";
import { usePageTitle } from "../ui/title";

/** Datasets. */
export function DatasetsPage() {
  const { name = "" } = useParams();
  usePageTitle(`Datasets of ${name}`);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold break-all">Datasets of {name}</h1>
      <ConsentGateBanner name={name} />
    </div>
  );
}
