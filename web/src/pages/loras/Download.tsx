// The Download link of the chosen file, or a disabled button saying why there is none.
import { Button, styles } from "../../ui/controls";

/** Download the file at url; disabled when blocked (whyId: the element saying why) or not made yet
 * (`making`: a job is making it). */
export function Download({ url, blocked, whyId, making = false }: { url: string | null; blocked: boolean; whyId: string; making?: boolean }) {
  if (!blocked && url !== null) {
    return (
      <a className={styles.secondary} href={url} download>
        Download
      </a>
    );
  }
  return (
    <>
      <Button disabled aria-describedby={blocked ? whyId : "download-why"}>
        Download
      </Button>
      {!blocked && (
        <span id="download-why" className={`text-sm ${styles.muted}`}>
          {making ? "A job is making this file: download it once the job is done." : "Export this choice first: its file is made then."}
        </span>
      )}
    </>
  );
}
