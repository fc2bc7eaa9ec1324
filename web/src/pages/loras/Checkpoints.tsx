// A version's checkpoints: each one's scores and samples, the best marked, and the radio that
// picks the one to export.
import { styles } from "../../ui/controls";
import { useConsentGate } from "../../ui/consent-gate";
import { Empty } from "../../ui/states";
import { type CheckpointPublic, type LoraPublic, metricKeys, metricLabel, metricValue } from "./lora";

/** Every checkpoint, oldest first, as a radio group. */
export function Checkpoints({ lora, step, pick }: { lora: LoraPublic; step: number | null; pick: (step: number) => void }) {
  const gate = useConsentGate(lora.model);
  return (
    <section aria-labelledby="checkpoints-heading" className="flex flex-col gap-3">
      <h2 id="checkpoints-heading" className="text-xl font-semibold">
        Checkpoints
      </h2>
      {lora.checkpoints.length === 0 ? (
        <Empty>No checkpoint saved yet: they show here as the training saves them.</Empty>
      ) : (
        <fieldset className="flex min-w-0 flex-col gap-3">
          <legend className={`mb-2 text-sm ${styles.muted}`}>
            The checkpoint to export (the best one unless you pick another)
          </legend>
          {!gate.open && gate.why && <p className={`text-sm ${styles.muted}`}>Samples are not shown: {gate.why}</p>}
          <ul className="flex flex-col gap-3">
            {lora.checkpoints.map((c) => (
              <Checkpoint key={c.step} lora={lora} checkpoint={c} picked={c.step === step} pick={() => pick(c.step)} samples={gate.open} />
            ))}
          </ul>
        </fieldset>
      )}
    </section>
  );
}

function Checkpoint(props: { lora: LoraPublic; checkpoint: CheckpointPublic; picked: boolean; pick: () => void; samples: boolean }) {
  const { lora, checkpoint: c, picked } = props;
  const keys = metricKeys([c.metrics]);
  return (
    <li
      className={`${styles.card} flex min-w-0 flex-col gap-3 ${picked ? "ring-2 ring-indigo-600 dark:ring-indigo-400" : ""}`}
    >
      <label className="flex items-center gap-2 font-medium">
        <input
          type="radio"
          name={`checkpoint-v${lora.version}`}
          checked={picked}
          onChange={props.pick}
          className="h-4 w-4 accent-indigo-700 dark:accent-indigo-400"
        />
        Step {c.step}
        {c.best && (
          <span className="rounded bg-green-100 px-2 py-0.5 text-sm text-green-900 dark:bg-green-900 dark:text-green-50">
            Best
          </span>
        )}
      </label>
      {keys.length > 0 && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
          {keys.map((key) => (
            <div key={key} className="contents">
              <dt className={styles.muted}>{metricLabel(key)}</dt>
              <dd className="tabular-nums">{metricValue(c.metrics[key], key)}</dd>
            </div>
          ))}
        </dl>
      )}
      {props.samples && c.samples.length > 0 && (
        <ul aria-label={`Samples at step ${c.step}`} className="flex flex-wrap gap-2">
          {c.samples.map((url, i) => (
            <li key={url}>
              <img
                src={url}
                alt={`Sample ${i + 1} of ${c.samples.length} drawn at step ${c.step} (AI-made)`}
                loading="lazy"
                className="h-24 w-24 rounded border border-slate-200 object-cover dark:border-slate-700"
              />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
