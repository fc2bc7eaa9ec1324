// Drafts kept in localStorage per model, version and image as the reviewer types: a reload, a
// closed tab or a dropped connection loses nothing; a save clears only what it saved.
import { useCallback, useState } from "react";

const PREFIX = "aistudio-caption-draft";

function keyOf(name: string, version: number, image: string): string {
  return `${PREFIX}:${name}:${version}:${image}`;
}

/** Every draft of a version in this browser, by image. */
export function loadDrafts(name: string, version: number): Record<string, string> {
  const prefix = `${PREFIX}:${name}:${version}:`;
  const out: Record<string, string> = {};
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (key?.startsWith(prefix)) out[key.slice(prefix.length)] = localStorage.getItem(key) ?? "";
  }
  return out;
}

/** Forget the drafts of these images (after a save took them). */
export function clearDrafts(name: string, version: number, images: string[]): void {
  for (const image of images) localStorage.removeItem(keyOf(name, version, image));
}

export interface Drafts {
  drafts: Record<string, string>;
  /** Record what was typed; typing the saved caption back drops the draft. */
  set: (image: string, text: string, saved: string) => void;
  setMany: (texts: Record<string, string>, saved: (image: string) => string) => void;
}

/** The version's drafts, written through to localStorage on every change. */
export function useDrafts(name: string, version: number): Drafts {
  const [drafts, setDrafts] = useState(() => loadDrafts(name, version));
  const setMany = useCallback(
    (texts: Record<string, string>, saved: (image: string) => string) => {
      setDrafts((old) => {
        const next = { ...old };
        for (const [image, text] of Object.entries(texts)) {
          const key = keyOf(name, version, image);
          if (text === saved(image)) {
            delete next[image];
            localStorage.removeItem(key);
          } else {
            next[image] = text;
            try {
              localStorage.setItem(key, text);
            } catch {
              // Storage full or off: the draft lives in the page until saved.
            }
          }
        }
        return next;
      });
    },
    [name, version],
  );
  const set = useCallback(
    (image: string, text: string, saved: string) => setMany({ [image]: text }, () => saved),
    [setMany],
  );
  return { drafts, set, setMany };
}
