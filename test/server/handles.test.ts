// The handle codec through its exported functions: a permutation per (project, annotator, kind)
// that keeps a UUID's shape, and whose handles differ between annotators.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Id } from '../../src/domain/api/index.ts';
import { fromHandle, toHandle, type HandleScope } from '../../src/server/queue/handles.ts';

const secret = 'a-test-secret-of-at-least-thirty-two-characters';
const scope = (userId: string, projectId: string): HandleScope => ({ secret, projectId, userId });
const v4 = fc.uuid({ version: 4 });
const kind = fc.constantFrom('item' as const, 'asset' as const);

describe('annotator handles', () => {
  it('decode(encode(id)) is the id, and a handle is a UUID of the same version and variant', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.uuid(), kind, (id, user, project, k) => {
        const s = scope(user, project);
        const handle = toHandle(s, k, id);
        expect(fromHandle(s, k, handle)).toBe(id.toLowerCase());
        expect(handle[14]).toBe(id[14]?.toLowerCase());
        expect(Number.parseInt(handle[19] as string, 16) >> 2).toBe(Number.parseInt(id[19] as string, 16) >> 2);
        expect(Id.safeParse(handle).success).toBe(Id.safeParse(id).success);
      }),
      { numRuns: 300 },
    );
  });

  it('two annotators (or two projects, or an item and an asset) get different handles for the same id', () => {
    fc.assert(
      fc.property(v4, v4, v4, v4, (id, a, b, project) => {
        fc.pre(a !== b);
        expect(toHandle(scope(a, project), 'item', id)).not.toBe(toHandle(scope(b, project), 'item', id));
        expect(toHandle(scope(a, project), 'item', id)).not.toBe(toHandle(scope(a, b), 'item', id));
        expect(toHandle(scope(a, project), 'item', id)).not.toBe(toHandle(scope(a, project), 'asset', id));
        // Another annotator's handle decodes to some other id, never the item.
        expect(fromHandle(scope(b, project), 'item', toHandle(scope(a, project), 'item', id))).not.toBe(id);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic and a permutation: distinct ids never share a handle', () => {
    const s = scope(randomUUID(), randomUUID());
    const ids = Array.from({ length: 2000 }, () => randomUUID());
    const handles = ids.map((id) => toHandle(s, 'item', id));
    expect(new Set(handles).size).toBe(ids.length);
    expect(ids.map((id) => toHandle(s, 'item', id))).toEqual(handles);
  });

  it('depends on the server secret', () => {
    const id = randomUUID();
    const s = scope(randomUUID(), randomUUID());
    expect(toHandle(s, 'item', id)).not.toBe(toHandle({ ...s, secret: `${secret}!` }, 'item', id));
  });
});
