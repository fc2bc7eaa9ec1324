// Each page names itself in the tab's title (what screen readers announce on navigation).
import { useEffect } from "react";

/** Set document.title to "<what> · AI Model Studio". */
export function usePageTitle(what: string): void {
  useEffect(() => {
    document.title = `${what} · AI Model Studio`;
  }, [what]);
}
