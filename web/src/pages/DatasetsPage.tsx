// A model's datasets: the version history (what each changed from its parent) and "Build a
// dataset" (a dry run first, then the build job).
import { Link, useParams } from "react-router";
import { ConsentGateBanner } from "../ui/consent-gate";
import { styles } from "../ui/controls";
import { usePageTitle } from "../ui/title";
import { Build } from "./datasets/Build";
import { History } from "./datasets/History";

/** The datasets of the model named in the URL. */
export function DatasetsPage() {
  const { name = "" } = useParams();
  usePageTitle(`Datasets of ${name}`);
  return (
    <div className="flex min-w-0 flex-col gap-8">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold break-words">Datasets of {name}</h1>
        <Link className={styles.link} to={`/models/${encodeURIComponent(name)}`}>
          Back to {name}
        </Link>
      </div>
      <ConsentGateBanner name={name} />
      <History name={name} />
      <Build name={name} />
    </div>
  );
}
