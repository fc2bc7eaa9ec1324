// One LoRA version: what it learnt from, its checkpoints (scores, samples, the best), and the
// export of a chosen checkpoint in a chosen format and rank cap, then its download.
import { useState } from "react";
import { Link, useParams } from "react-router";
import { styles } from "../ui/controls";
import { ConsentGateBanner } from "../ui/consent-gate";
import { ErrorState, Loading } from "../ui/states";
import { usePageTitle } from "../ui/title";
import { Checkpoints } from "./loras/Checkpoints";
import { Export } from "./loras/Export";
import { useLora, versionState, when } from "./loras/lora";

/** The version named in the URL. */
export function LoraPage() {
  const { name = "", version = "" } = useParams();
  const number = Number(version);
  usePageTitle(`LoRA version ${version} of ${name}`);
  const lora = useLora(name, number);
  const [picked, setPicked] = useState<number | null>(null);
  const modelLink = `/models/${encodeURIComponent(name)}`;
  const head = (
    <div className="flex flex-col gap-1">
      <h1 className="text-2xl font-semibold break-all">
        LoRA version {version} of {name}
      </h1>
      <Link className={styles.link} to={`${modelLink}/loras`}>
        All versions of {name}
      </Link>
    </div>
  );
  if (!Number.isInteger(number) || number < 1) {
    return (
      <div className="flex flex-col gap-6">
        {head}
        <ErrorState error={new Error(`“${version}” is not a version number.`)} />
      </div>
    );
  }
  if (lora.isPending) return <Loading what={`version ${version}`} />;
  if (lora.isError) {
    return (
      <div className="flex flex-col gap-6">
        {head}
        <ErrorState error={lora.error} retry={() => void lora.refetch()} />
      </div>
    );
  }
  const v = lora.data;
  const step = picked ?? v.best_step ?? v.checkpoints.at(-1)?.step ?? null;
  return (
    <div className="flex min-w-0 flex-col gap-6">
      {head}
      <ConsentGateBanner name={name} />
      {v.withdrawn && (
        <p className="font-medium text-red-800 dark:text-red-300">
          <span aria-hidden="true">✕ </span>Version {v.version} was withdrawn
          {v.withdrawn_at ? ` on ${when.format(new Date(v.withdrawn_at))}` : ""}: {v.withdrawn_reason ?? "no reason recorded"}.
        </p>
      )}
      <p className={styles.muted}>
        {versionState(v)} · {v.family} on {v.base} · rank {String(v.params.rank ?? "?")} · {v.checkpoints.length} checkpoint
        {v.checkpoints.length === 1 ? "" : "s"}
        {v.finished_at ? ` · finished ${when.format(new Date(v.finished_at))}` : ""}
      </p>
      <Checkpoints lora={v} step={step} pick={setPicked} />
      <Export lora={v} step={step} />
    </div>
  );
}
