// A dataset version: every candidate in a virtualised grid, in and out side by side with why,
// near-duplicates together, keep/reject with undo (each a new version), the contact sheet.
import { useCallback, useMemo, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { ConsentGateBanner, useConsentGate } from "../ui/consent-gate";
import { styles } from "../ui/controls";
import { ErrorState, Loading } from "../ui/states";
import { usePageTitle } from "../ui/title";
import { Sides } from "./datasets/Sides";
import { reviewed } from "./datasets/history";
import { type Notice, noticeText, reverse, useOverride } from "./datasets/override";
import { Selection } from "./datasets/Selection";
import { type DatasetItem, useDataset } from "./datasets/types";
import { NoticeBar } from "./datasets/NoticeBar";

/** The dataset version named in the URL. */
export function DatasetPage() {
  const { name = "", version: raw = "" } = useParams();
  const version = Number(raw);
  usePageTitle(`Dataset v${raw} of ${name}`);
  const dataset = useDataset(name, version);
  const gate = useConsentGate(name);
  const locked = gate.open ? null : (gate.why ?? "Checking consent…");
  const override = useOverride(name, version);
  const notice = (useLocation().state as { notice?: Notice } | null)?.notice ?? null;
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [pickedIn, setPickedIn] = useState(version);
  if (pickedIn !== version) {
    setPickedIn(version); // another version: its own selection
    setPicked(new Set());
  }
  const onSelect = useCallback((files: string[], on: boolean) => {
    setPicked((old) => {
      const next = new Set(old);
      for (const file of files) {
        if (on) next.add(file);
        else next.delete(file);
      }
      return next;
    });
  }, []);
  const mutate = override.mutate; // stable: the cards' memo holds across renders
  const onUndo = useCallback(
    (item: DatasetItem) => mutate({ changes: [{ file: item.file, keep: !item.included, reason: "back to the automatic choice" }], undo: true }),
    [mutate],
  );
  const all = useMemo(() => (dataset.data ? [...dataset.data.included, ...dataset.data.excluded] : []), [dataset.data]);
  const base = `/models/${encodeURIComponent(name)}`;
  if (!Number.isInteger(version) || version < 1) return <ErrorState error={new Error(`"${raw}" is not a dataset version: versions are numbered 1, 2, 3…`)} />;
  if (dataset.isPending) return <Loading what={`dataset v${version}`} />;
  if (dataset.isError) return <ErrorState error={dataset.error} retry={() => void dataset.refetch()} />;
  const d = dataset.data;
  const from = d.overridden_from ? `an override of v${d.overridden_from}` : d.captioned_from ? `captions of v${d.captioned_from}` : "a build";
  return (
    <div className="flex min-w-0 flex-col gap-6">
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold break-words">
          Dataset v{d.version} of {d.model}
        </h1>
        <nav aria-label={`Pages of dataset v${d.version}`} className="flex flex-wrap gap-x-4 gap-y-1">
          <Link className={styles.link} to={`${base}/datasets`}>
            All versions of {name}
          </Link>
          <Link className={styles.link} to={`${base}/datasets/${d.version}/captions`}>
            Captions of v{d.version}
          </Link>
          <a className={styles.link} href={d.contact_sheet_url} target="_blank" rel="noreferrer">
            Contact sheet (PNG)
          </a>
        </nav>
        <p className={`text-sm break-words ${styles.muted}`}>
          {d.included.length} in, {d.excluded.length} left out · {d.family} · {from} · {reviewed(d)}
          {d.holdout.length > 0 && ` · ${d.holdout.length} source photo${d.holdout.length === 1 ? "" : "s"} held out as identity reference`}
        </p>
      </header>
      <ConsentGateBanner name={name} />
      {notice && notice.to === d.version && (
        <NoticeBar
          text={noticeText(notice)}
          undo={notice.undo ? null : () => override.mutate({ changes: reverse(notice.changes, notice.to), undo: true })}
          locked={locked}
          busy={override.isPending}
        />
      )}
      <Selection selected={all.filter((i) => picked.has(i.file))} clear={() => setPicked(new Set())} override={override} locked={locked} />
      <Sides dataset={d} selected={picked} onSelect={onSelect} onUndo={onUndo} locked={locked ?? (override.isPending ? "Writing a version…" : null)} />
      <details className={styles.card}>
        <summary className="cursor-pointer font-semibold">Contact sheet: every candidate, in or out, with why</summary>
        <img src={d.contact_sheet_url} alt={`Contact sheet of dataset v${d.version}`} loading="lazy" className="mt-3 w-full" />
      </details>
    </div>
  );
}
