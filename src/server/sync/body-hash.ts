// The hash of a mutation's body the ledger keeps (common.ts says why). Its own module, with no
// database in it, so a worker thread can compute it for a large request (cpu/tasks.ts).
import { createHash } from 'node:crypto';
import stableStringify from 'safe-stable-stringify';

export function bodyHash(m: object): string {
  return createHash('sha256')
    .update(stableStringify(m) ?? '')
    .digest('base64url');
}
