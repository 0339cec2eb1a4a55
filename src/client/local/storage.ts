// Browser storage health: ask for persistent storage (so the browser does not evict the outbox
// under pressure) and recognise a full disk, which must be shown, not swallowed.

/** Asks once for persistent storage; the answer (granted or not) is only informative. */
export async function requestPersistence(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<boolean> {
  try {
    if (!storage?.persist) return false;
    if (await storage.persisted?.()) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}

/** Dexie wraps the DOMException as QuotaExceededError (sometimes as `inner`); Firefox says NS_ERROR_DOM_QUOTA_REACHED. */
export function isQuotaError(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; depth++) {
    const name = (cur as { name?: unknown }).name;
    if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
    cur = (cur as { inner?: unknown }).inner;
  }
  return false;
}

export const QUOTA_MESSAGE =
  'This device is out of storage space for Touchstone. Your current labels are still on screen and nothing already saved is lost: ' +
  'free some disk space (or close other heavy sites) and press Submit again.';
