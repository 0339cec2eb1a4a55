import fc from 'fast-check';

/**
 * Revision histories as the server writes them: per (item, annotator) revisions 1..n in arrival
 * order, some of them a reviewer's correction, each with a client clock that may run backwards.
 */
export const histories = fc
  .array(
    fc.record({
      itemId: fc.constantFrom('i1', 'i2', 'i3'),
      userId: fc.constantFrom('u1', 'u2', 'u3'),
      corrected: fc.boolean(),
      submittedAt: fc.integer({ min: 0, max: 1_000 }),
    }),
    { maxLength: 40 },
  )
  .map((events) => {
    const next = new Map<string, number>();
    return events.map((e) => {
      const key = `${e.itemId}/${e.userId}`;
      const revision = (next.get(key) ?? 0) + 1;
      next.set(key, revision);
      return { itemId: e.itemId, userId: e.userId, revision, reviewerId: e.corrected ? 'lead' : null, submittedAt: e.submittedAt };
    });
  });
