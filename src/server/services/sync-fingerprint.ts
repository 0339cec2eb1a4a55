// A mutation id names one body. A retry sends the same body again and gets the first answer
// ("duplicate"); the same id with a different body is refused as a conflict, never answered as if
// it were the first (which would hide that the second body was not saved, and lets a client probe
// the first answer with any content). The ledger keeps a fingerprint of the body it applied.
import { createHash } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { MutationResult } from '../../domain/api/index.ts';
import type { Tx } from '../db/client.ts';
import { mutations } from '../db/schema.ts';

/** SHA-256 of the mutation's JSON with keys sorted, so key order does not matter. */
export function fingerprint(m: object): string {
  return createHash('sha256').update(stable(m)).digest('hex');
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${stable(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * The batch positions whose id was already used with another body — in the ledger, or earlier in
 * this batch — with their refusal. One query for the whole batch.
 */
export async function reusedIds(tx: Tx, batch: ReadonlyArray<{ id: string; type: string }>): Promise<Map<number, MutationResult>> {
  const out = new Map<number, MutationResult>();
  if (batch.length === 0) return out;
  const rows = await tx.select({ id: mutations.id, bodyHash: mutations.bodyHash }).from(mutations).where(inArray(mutations.id, [...new Set(batch.map((m) => m.id))]));
  const known = new Map(rows.filter((r) => r.bodyHash !== null).map((r) => [r.id, r.bodyHash as string]));
  batch.forEach((m, k) => {
    const hash = fingerprint(m);
    const first = known.get(m.id);
    if (first === undefined) known.set(m.id, hash);
    else if (first !== hash) out.set(k, {
        id: m.id,
        status: 'rejected',
        code: 'conflict',
        message: 'That mutation id was already used for different content; the first one stands. Send new work under a new id.',
        problems: [],
      });
  });
  return out;
}
