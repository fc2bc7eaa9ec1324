// Caption review of a dataset version: every caption edited in place with the studio's rules
// checked as typed, nothing typed lost, saved as a new version and approved as the signed-in user.
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../api/client";
import { unwrap } from "../api/problem";
import { styles } from "../ui/controls";
import { ConsentGateBanner, useConsentGate } from "../ui/consent-gate";
import { ErrorState, Loading } from "../ui/states";
import { usePageTitle } from "../ui/title";
import { Review } from "./captions/Review";

/** Captions of one dataset version. */
export function CaptionsPage() {
  const { name = "", version: raw = "" } = useParams();
  const version = Number(raw);
  usePageTitle(`Captions of ${name} v${raw}`);
  const gate = useConsentGate(name);
  const captions = useQuery({
    queryKey: ["captions", name, version],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/models/{name}/datasets/{version}/captions", { params: { path: { name, version } } })),
    enabled: Number.isInteger(version) && version > 0,
  });
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold break-all">
          Captions of {name}, dataset v{raw}
        </h1>
        <p className="flex flex-wrap gap-x-4">
          <Link className={styles.link} to={`/models/${name}/datasets/${raw}`}>
            Dataset v{raw}
          </Link>
          <Link className={styles.link} to={`/models/${name}`}>
            {name}
          </Link>
        </p>
      </div>
      <ConsentGateBanner name={name} />
      {!(Number.isInteger(version) && version > 0) ? (
        <ErrorState error={new Error(`"${raw}" is not a dataset version: the datasets page lists them.`)} />
      ) : captions.isPending ? (
        <Loading what="the captions" />
      ) : captions.isError ? (
        <ErrorState error={captions.error} retry={() => void captions.refetch()} />
      ) : (
        <Review key={`${name}:${version}`} data={captions.data} gate={gate} />
      )}
    </div>
  );
}
