// The sources a run uses: a checkbox with a thumbnail for each (all ticked by default).
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/problem";
import { styles } from "../../../ui/controls";
import { RefreshFailed } from "../../../ui/refresh";
import { Empty, ErrorState, Loading } from "../../../ui/states";

/** The model's source photos (the first 200). */
export function useSourcePhotos(model: string) {
  return useQuery({
    queryKey: ["photos", model, "source"],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/models/{name}/photos", { params: { path: { name: model }, query: { role: "source", limit: 200 } } })),
  });
}

/** Checkboxes of the model's sources; `excluded` holds the unticked photo numbers. */
export function Sources({ model, photos, excluded, toggle, disabled }: {
  model: string;
  photos: ReturnType<typeof useSourcePhotos>;
  excluded: Set<number>;
  toggle: (number: number) => void;
  disabled: boolean;
}) {
  if (photos.isPending) return <Loading what="sources" />;
  if (photos.data === undefined) {
    return <ErrorState error={photos.error ?? new Error("no sources")} retry={() => void photos.refetch()} />;
  }
  const items = photos.data.items;
  return (
    <fieldset className="flex flex-col gap-2" disabled={disabled}>
      <legend className="font-medium">Sources</legend>
      <RefreshFailed error={photos.error} retry={() => void photos.refetch()} />
      {items.length === 0 ? (
        <Empty>No sources yet: upload photos of the persona's face above.</Empty>
      ) : (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-6">
          {items.map((p) => (
            <li key={p.id}>
              <label className="flex cursor-pointer flex-col gap-1 rounded-md border border-slate-300 p-2 has-[:checked]:border-indigo-600 dark:border-slate-600 dark:has-[:checked]:border-indigo-400">
                <img
                  src={`/api/v1/models/${encodeURIComponent(model)}/photos/${p.id}/file`}
                  alt=""
                  loading="lazy"
                  className="aspect-square w-full rounded object-cover"
                />
                <span className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={!excluded.has(p.number)}
                    onChange={() => toggle(p.number)}
                    className="h-4 w-4 accent-indigo-700 dark:accent-indigo-400"
                  />
                  <span className="break-all">Source {p.number}</span>
                </span>
                {p.identity_flag && <span className={`text-xs ${styles.muted}`}>Looks like someone else: left out</span>}
              </label>
            </li>
          ))}
        </ul>
      )}
      {photos.data.next && <p className={`text-sm ${styles.muted}`}>The first 200 sources are shown.</p>}
    </fieldset>
  );
}
