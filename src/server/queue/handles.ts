// Per-annotator handles: the id an annotator sees for an item (or its image) is a keyed permutation
// of the real id, under a key of its own for each (project, annotator). Two annotators served the
// same item hold unrelated handles, so the ids and asset URLs they could compare tell nothing; a
// handle sent back by anyone else decodes to a random id, which is "not found" like any unknown id.
//
// The permutation is AES-256 on the id's 16 bytes, made format-preserving by cycle walking (Black &
// Rogaway): encrypt again until the block has the input's version and variant bits. A handle of a
// v4 id is thus a well-formed v4 UUID, shaped exactly like any item id (gold or live), and the
// walk's inverse (decrypt until the bits match again) gives the id back. Each step keeps the
// bits with probability 1/64, so a handle costs about 64 block operations (some 60 µs in Node).
// Nothing is stored: the key is derived (HKDF-SHA256) from the server secret, the project, the
// annotator and what the id names, so rotating the secret changes every handle.
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';

/** What a handle names: item ids and asset ids are permuted under different keys. */
export type HandleKind = 'item' | 'asset';

export interface HandleScope {
  /** The server secret (config.sessionSecret). */
  secret: string;
  /** Item handles are per project; asset handles are not (an asset URL does not name its project). */
  projectId?: string;
  userId: string;
}

const SALT = 'touchstone annotator handles v1';
const KEYS_CACHED = 4096;
const keys = new Map<string, Buffer>();

function keyOf(scope: HandleScope, kind: HandleKind): Buffer {
  const info = `${kind}\u0000${(scope.projectId ?? '').toLowerCase()}\u0000${scope.userId.toLowerCase()}`;
  const cacheKey = `${scope.secret}\u0000${info}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', scope.secret, SALT, info, 32));
    // A crude bound: the cache only saves the derivation, so dropping it all at once is harmless.
    if (keys.size >= KEYS_CACHED) keys.clear();
    keys.set(cacheKey, key);
  }
  return key;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function bytesOf(id: string): Buffer {
  if (!UUID.test(id)) throw new Error('a handle maps UUIDs only');
  return Buffer.from(id.replaceAll('-', ''), 'hex');
}

function uuidOf(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The version nibble and the variant bits: what makes a UUID look like one kind or another. */
const shape = (b: Buffer) => ((b[6] as number) & 0xf0) | (((b[8] as number) & 0xc0) >> 6);

function walk(id: string, key: Buffer, direction: 'encrypt' | 'decrypt'): string {
  const start = bytesOf(id);
  const want = shape(start);
  // ECB on exactly one block at a time, without padding: each update is one raw AES call.
  const cipher = direction === 'encrypt' ? createCipheriv('aes-256-ecb', key, null) : createDecipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  let block = start;
  // Ends: the permutation's cycle through `start` comes back to it, and it has the wanted shape.
  do block = cipher.update(block);
  while (shape(block) !== want);
  return uuidOf(block);
}

/** The handle this annotator sees for a real id. */
export function toHandle(scope: HandleScope, kind: HandleKind, id: string): string {
  return walk(id, keyOf(scope, kind), 'encrypt');
}

/** The real id behind one of this annotator's handles; for anyone else's handle, an unrelated id. */
export function fromHandle(scope: HandleScope, kind: HandleKind, handle: string): string {
  return walk(handle, keyOf(scope, kind), 'decrypt');
}
