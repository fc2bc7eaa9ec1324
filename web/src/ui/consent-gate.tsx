// Whether a model's data may be used now: consent in force, none yet, or revoked (with why),
// for every page whose actions would use it.
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { unwrap } from "../api/problem";
import type { ConsentPublic } from "../api/types";

export interface ConsentGate {
  /** Actions that use the model's data may run. */
  open: boolean;
  /** Why they may not (null when open, or while loading). */
  why: string | null;
  consent: ConsentPublic | null;
  loading: boolean;
}

/** The model's consent as a gate (the same query the model page reads). */
export function useConsentGate(name: string): ConsentGate {
  const consent = useQuery({
    queryKey: ["consent", name],
    queryFn: async () => {
      const answer = await api.GET("/api/v1/models/{name}/consent", { params: { path: { name } } });
      if (answer.response.status === 404) return null; // none recorded (or no such model: the page says)
      return unwrap(answer);
    },
  });
  const record = consent.data ?? null;
  if (consent.isPending) return { open: false, why: null, consent: null, loading: true };
  if (record === null) {
    return { open: false, why: `${name} has no consent record: record it on the model's page first.`, consent: null, loading: false };
  }
  if (record.revoked_at !== null) {
    const when = new Date(record.revoked_at).toLocaleString();
    return { open: false, why: `Consent for ${name} was revoked on ${when}: nothing may use its data.`, consent: record, loading: false };
  }
  return { open: true, why: null, consent: record, loading: false };
}

/** A banner saying why the page's actions are disabled (nothing while consent is in force). */
export function ConsentGateBanner({ name }: { name: string }) {
  const gate = useConsentGate(name);
  if (gate.open || gate.why === null) return null;
  return (
    <p role="status" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950 dark:border-amber-500 dark:bg-amber-950 dark:text-amber-100">
      {gate.why}
    </p>
  );
}
