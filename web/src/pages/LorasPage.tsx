// A model's LoRA versions: each one's state, base, dataset and best step (withdrawn ones with
// why), and a comparison of two or more of them: their numbers side by side and the grid.
import { useState } from "react";
import { Link, useParams } from "react-router";
import { styles } from "../ui/controls";
import { ConsentGateBanner } from "../ui/consent-gate";
import { Empty, ErrorState, Loading } from "../ui/states";
import { usePageTitle } from "../ui/title";
import { Compare } from "./loras/Compare";
import { useLoras } from "./loras/lora";
import { VersionCard } from "./loras/VersionCard";

/** The LoRA versions of the model named in the URL. */
export function LorasPage() {
  const { name = "" } = useParams();
  usePageTitle(`LoRA versions of ${name}`);
  const loras = useLoras(name);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const toggle = (version: number) => {
    const next = new Set(picked);
    if (next.has(version)) next.delete(version);
    else next.add(version);
    setPicked(next);
  };
  const modelLink = `/models/${encodeURIComponent(name)}`;
  return (
    <div className="flex min-w-0 flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold break-all">LoRA versions of {name}</h1>
        <Link className={styles.link} to={modelLink}>
          Back to {name}
        </Link>
      </div>
      <ConsentGateBanner name={name} />
      {loras.isPending ? (
        <Loading what="LoRA versions" />
      ) : loras.isError ? (
        <ErrorState error={loras.error} retry={() => void loras.refetch()} />
      ) : loras.data.length === 0 ? (
        <Empty>
          {name} has no LoRA versions yet.{" "}
          <Link className={styles.link} to={`${modelLink}/training`}>
            Start a training
          </Link>{" "}
          and its version shows here.
        </Empty>
      ) : (
        <>
          <section aria-labelledby="versions-heading" className="flex flex-col gap-3">
            <h2 id="versions-heading" className="text-xl font-semibold">
              Versions
            </h2>
            <p className={`text-sm ${styles.muted}`}>Tick two finished versions or more to compare them.</p>
            <ul className="grid gap-4 md:grid-cols-2">
              {loras.data.map((v) => (
                <VersionCard key={v.version} lora={v} picked={picked.has(v.version)} toggle={() => toggle(v.version)} />
              ))}
            </ul>
          </section>
          <Compare name={name} versions={loras.data.filter((v) => picked.has(v.version)).map((v) => v.version)} />
        </>
      )}
    </div>
  );
}
