// The model's consent: what is in force (or that it was revoked), the form that records it, and
// revoking it.
import { useState } from "react";
import type { ConsentPublic, ModelPublic } from "../../api/types";
import { Button, styles } from "../../ui/controls";
import { ConsentForm } from "./ConsentForm";
import { ConsentRevoke } from "./ConsentRevoke";

const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/** The record's facts as a definition list. */
function Record({ consent }: { consent: ConsentPublic }) {
  const rows: [string, string][] = [
    ["Kind", consent.kind],
    ["Scopes", consent.scopes.join(", ")],
    ["Subject", consent.subject ?? "not named (synthetic)"],
    ["Adult attested", consent.attested_adult ? "yes" : "no"],
    ["Release document", consent.has_release ? "on file" : "none"],
    ["Recorded", when.format(new Date(consent.created_at))],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className={styles.muted}>{term}</dt>
          <dd className="break-words">{value}</dd>
        </div>
      ))}
      <div className="contents">
        <dt className={styles.muted}>Record hash</dt>
        <dd>
          <code title={consent.record_hash}>{consent.record_hash.slice(0, 12)}</code>
        </dd>
      </div>
    </dl>
  );
}

/** The consent in force (or the form to record one). */
export function ConsentSection({ model, consent }: { model: ModelPublic; consent: ConsentPublic | null }) {
  const [changing, setChanging] = useState(false);
  const inForce = consent !== null && consent.revoked_at === null;
  return (
    <section aria-labelledby="consent-heading" className="flex flex-col gap-3">
      <h2 id="consent-heading" className="text-xl font-semibold">
        Consent
      </h2>
      {consent === null ? (
        <p>No consent recorded for {model.name} yet: record it before uploading targets or starting a run.</p>
      ) : inForce ? (
        <p className="font-medium">
          <span aria-hidden="true">✓ </span>Consent is in force.
        </p>
      ) : (
        <p className="font-medium text-red-800 dark:text-red-300">
          <span aria-hidden="true">✕ </span>Consent was revoked on {when.format(new Date(consent.revoked_at ?? ""))}. No
          new work runs until consent is recorded again.
        </p>
      )}
      {consent && <Record consent={consent} />}
      {inForce ? (
        <div className="flex flex-wrap gap-2">
          <ConsentRevoke name={model.name} />
          <Button aria-expanded={changing} onClick={() => setChanging(!changing)}>
            {changing ? "Keep this consent" : "Record new consent"}
          </Button>
        </div>
      ) : null}
      {(!inForce || changing) && <ConsentForm model={model} onDone={() => setChanging(false)} />}
    </section>
  );
}
