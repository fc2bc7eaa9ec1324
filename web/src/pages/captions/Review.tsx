// A version's caption review: every image with its caption edited in place (drafts kept in this
// browser), the rules checked as typed, tag frequencies to filter by, find-and-replace, Save and
// Approve.
import { useState } from "react";
import { styles } from "../../ui/controls";
import type { ConsentGate } from "../../ui/consent-gate";
import { Empty } from "../../ui/states";
import { Actions } from "./Actions";
import { CaptionCard } from "./CaptionCard";
import { useCaptionChecks } from "./check";
import { useDrafts } from "./drafts";
import { FindReplace } from "./FindReplace";
import { Generate } from "./Generate";
import { TagList, tagsOf } from "./TagList";
import type { CaptionsPublic } from "./types";

/** The review of one version (mounted per version: its drafts are its own). */
export function Review({ data, gate }: { data: CaptionsPublic; gate: ConsentGate }) {
  const { model: name, version } = data;
  const { drafts, set, setMany } = useDrafts(name, version);
  const [tag, setTag] = useState<string | null>(null);
  const [refused, setRefused] = useState<Record<string, string[]>>({});
  const saved = (image: string) => data.items.find((i) => i.image === image)?.caption ?? "";
  const texts = Object.fromEntries(data.items.map((i) => [i.image, drafts[i.image] ?? i.caption ?? ""]));
  const { checks, settled, error } = useCaptionChecks(name, version, texts);
  const problems = Object.values(checks).reduce((n, c) => n + c.problems.length, 0);
  if (data.items.length === 0) return <Empty>Dataset v{version} has no images to caption: build or override the dataset first.</Empty>;
  const none = data.captioner === null; // the template's captions only: nothing described yet
  const shown = tag ? data.items.filter((i) => tagsOf(texts[i.image] ?? "").includes(tag)) : data.items;
  const edit = (image: string, text: string) => {
    set(image, text, saved(image));
    setRefused(({ [image]: _, ...rest }) => rest);
  };
  return (
    <div className="flex flex-col gap-6">
      {none && <Generate name={name} version={version} gate={gate} />}
      <p className={styles.muted}>
        {data.reviewed_by ? (
          <>
            Approved by <strong>{data.reviewed_by}</strong>
            {data.reviewed_at && ` on ${new Date(data.reviewed_at).toLocaleString()}`}.
          </>
        ) : (
          "Not approved yet: training refuses captions nobody reviewed."
        )}{" "}
        {data.captioner && `Captioned by ${data.captioner}.`}
      </p>
      <Actions data={data} drafts={drafts} problems={problems} checking={!settled} gate={gate} onRefused={setRefused} />
      {error && <p role="alert" className="text-sm text-red-800 dark:text-red-200">The captions could not be checked: {error.message}</p>}
      <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <section aria-labelledby="images-title" className="flex min-w-0 flex-col gap-3">
          <div className="flex flex-wrap items-center gap-3">
            <h2 id="images-title" className="text-lg font-semibold">
              {tag ? `Images tagged "${tag}" (${shown.length} of ${data.items.length})` : `Images (${data.items.length})`}
            </h2>
            {tag && (
              <button type="button" className={`${styles.secondary} py-1 text-sm`} onClick={() => setTag(null)}>
                Show all images
              </button>
            )}
          </div>
          {shown.length === 0 ? (
            <Empty>No caption has the tag "{tag}" now.</Empty>
          ) : (
            <ul aria-label="Captions" className="grid min-w-0 gap-4 xl:grid-cols-2">
              {shown.map((item) => (
                <CaptionCard
                  key={item.image}
                  item={item}
                  version={version}
                  text={texts[item.image] ?? ""}
                  drafted={item.image in drafts}
                  check={checks[item.image]}
                  refused={refused[item.image] ?? []}
                  onChange={(text) => edit(item.image, text)}
                />
              ))}
            </ul>
          )}
        </section>
        <div className="flex min-w-0 flex-col gap-6">
          <TagList frequency={data.tag_frequency} selected={tag} onSelect={setTag} />
          <FindReplace texts={texts} onApply={(changed) => setMany(changed, saved)} />
        </div>
      </div>
    </div>
  );
}
