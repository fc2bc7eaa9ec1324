// Drag and drop uploads of sources and targets, each file's verdict as it lands; resumable
// (upload/transfer.ts says how).
import { useState } from "react";
import type { ConsentPublic, ModelPublic } from "../../api/types";
import { useConsentGate } from "../../ui/consent-gate";
import { styles } from "../../ui/controls";
import { DropZone } from "./upload/DropZone";
import { FileRow } from "./upload/FileRow";
import { useUploadQueue } from "./upload/queue";
import { Resumable } from "./upload/Resumable";
import { coverage, RoleChoice } from "./upload/RoleChoice";
import { type Category, pendingUploads, type Role } from "./upload/transfer";

/** Sources and targets; targets only once consent is in force (nsfw ones only with its scope). */
export function Uploads({ model, consent }: { model: ModelPublic; consent: ConsentPublic | null }) {
  const [role, setRole] = useState<Role>("source");
  const [category, setCategory] = useState<Category>("sfw");
  const { rows, add, retry, resume } = useUploadQueue(model.name);
  // Consent can be revoked or narrowed while the page is open: targets then wait for it again.
  // Once revoked, nothing of the person is taken in (sources are their face), until recorded anew.
  const gate = useConsentGate(model.name);
  const revoked = gate.consent?.revoked_at ? gate.why : null;
  const why = revoked ?? (role === "target" ? coverage(consent, category) : null);
  const sending = new Set(rows.map((r) => r.uploadId));
  const pending = pendingUploads(model.name).filter((p) => !sending.has(p.id));
  const targets = Object.entries(model.targets)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} ${c}`)
    .join(", ");
  return (
    <section aria-labelledby="uploads-heading" className="flex flex-col gap-4">
      <h2 id="uploads-heading" className="text-xl font-semibold">
        Photos
      </h2>
      <p className={styles.muted}>
        {model.sources} {model.sources === 1 ? "source" : "sources"}; targets: {targets || "none yet"}.
      </p>
      <RoleChoice
        consent={consent}
        role={role}
        category={category}
        setRole={setRole}
        setCategory={setCategory}
      />
      <DropZone
        what={role === "source" ? "source photos" : `${category} target photos`}
        disabled={why}
        onFiles={(files) => add(files, role, role === "target" ? category : null)}
      />
      <Resumable model={model.name} pending={pending} resume={resume} blocked={revoked} />
      {rows.length > 0 && (
        <div className={`${styles.card} flex flex-col gap-1`}>
          <p className={`text-sm ${styles.muted}`}>
            {rows.filter((r) => r.state === "done" || r.state === "failed").length} of {rows.length} files done
          </p>
          <ul aria-label="Uploads" aria-live="polite">
            {rows.map((row) => (
              <FileRow key={row.key} row={row} retry={() => retry(row.key)} blocked={revoked} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
