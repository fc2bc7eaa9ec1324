// Beside the export buttons: what the file carries (license, consent record, dataset).
import { Link } from "react-router";
import { styles } from "../../ui/controls";
import type { LoraPublic } from "./lora";

/** The file's license, the consent record its training checked, and the dataset it learnt from. */
export function FileFacts({ lora }: { lora: LoraPublic }) {
  const base = `/models/${encodeURIComponent(lora.model)}`;
  return (
    <aside aria-label="What the file carries" className={`${styles.card} flex min-w-0 flex-col gap-2 text-sm`}>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1">
        <dt className={styles.muted}>License</dt>
        <dd className="break-words">{lora.base_license} (of the base, {lora.base})</dd>
        <dt className={styles.muted}>Consent record</dt>
        <dd>{lora.consent_hash ? <code title={lora.consent_hash}>{lora.consent_hash.slice(0, 12)}</code> : "none cited"}</dd>
        <dt className={styles.muted}>Dataset</dt>
        <dd className="break-words">
          <Link className={styles.link} to={`${base}/datasets/${lora.dataset_version}`}>
            Dataset version {lora.dataset_version}
          </Link>{" "}
          (<code title={lora.dataset_hash}>{lora.dataset_hash.slice(0, 12)}</code>)
        </dd>
      </dl>
      <p className={styles.muted}>Every file cites these in its metadata; images made with it are marked as AI-made.</p>
    </aside>
  );
}
