// UUID v7 (RFC 9562): 48-bit millisecond timestamp, then random bits. Time-ordered ids keep
// B-tree inserts local and make outbox entries sort by creation. Pure: the caller supplies
// the clock reading and 10 random bytes (crypto.getRandomValues in the browser, node:crypto on the server).
export function uuidv7(nowMs: number, random: Uint8Array): string {
  if (random.length < 10) throw new Error('uuidv7 needs 10 random bytes');
  if (!Number.isFinite(nowMs) || nowMs < 0) throw new Error('uuidv7 needs a valid timestamp');
  const bytes = new Uint8Array(16);
  let ts = Math.floor(nowMs);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ts % 256;
    ts = Math.floor(ts / 256);
  }
  bytes.set(random.subarray(0, 10), 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f); // version 7
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f); // variant 10
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidv7Timestamp(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
