// Images of prefetched items, cached as blobs in Dexie so an item opens on a train. The editor
// asks useAssetUrl(url) for what to load: an object URL of the cached blob, or the network URL.
import { useEffect, useState } from 'react';
import type { QueueItem } from '../../domain/api/index.ts';
import { localDb, type TouchstoneDb } from './db.ts';
import { isQuotaError } from './storage.ts';

/**
 * Fetches the images of these items that are not cached yet. Best effort: a failed download is
 * retried on the next refresh, and a full disk stops caching without failing the queue refresh.
 */
export async function cacheAssets(
  db: TouchstoneDb,
  items: QueueItem[],
  fetchImpl: typeof fetch = fetch,
  now = Date.now(),
): Promise<{ cached: number; quotaFull: boolean }> {
  const urls = [...new Set(items.flatMap((i) => (i.image ? [i.image.url] : [])))];
  const have = new Set((await db.assets.bulkGet(urls)).flatMap((a) => (a ? [a.url] : [])));
  let cached = 0;
  for (const url of urls) {
    if (have.has(url)) continue;
    try {
      const res = await fetchImpl(url, { credentials: 'same-origin' });
      if (!res.ok) continue;
      await db.assets.put({ url, blob: await res.blob(), fetchedAt: now });
      cached++;
    } catch (e) {
      if (isQuotaError(e)) return { cached, quotaFull: true };
      // Network trouble: the next refresh tries again.
    }
  }
  return { cached, quotaFull: false };
}

/** Drops cached images no longer needed by any item still to do on this device (any account). */
export async function pruneAssets(db: TouchstoneDb): Promise<number> {
  const needed = new Set<string>();
  await db.queue.each((e) => {
    if (e.state === 'todo' && e.item.image) needed.add(e.item.image.url);
  });
  const stale = (await db.assets.toCollection().primaryKeys()).filter((url) => !needed.has(url));
  await db.assets.bulkDelete(stale);
  return stale.length;
}

/**
 * What to load for an asset URL: the cached blob as an object URL when there is one, else the
 * URL itself. Null while looking, so the network is not asked for an image the device already has.
 */
export function useAssetUrl(url: string | null, db: TouchstoneDb = localDb): string | null {
  const [state, setState] = useState<{ for: string | null; src: string | null }>({ for: null, src: null });
  useEffect(() => {
    if (!url) return;
    let live = true;
    let objectUrl: string | null = null;
    db.assets
      .get(url)
      .catch(() => undefined)
      .then((hit) => {
        if (!live) return;
        if (hit && typeof URL.createObjectURL === 'function') objectUrl = URL.createObjectURL(hit.blob);
        setState({ for: url, src: objectUrl ?? url });
      });
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url, db]);
  return url && state.for === url ? state.src : null;
}
