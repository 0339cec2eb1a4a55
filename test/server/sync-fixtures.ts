// A dedicated text project for sync, lease and multi-server tests: N plain items, no gold,
// the demo annotators as annotators, so counts in assertions are exact.
import type { AppContext } from '../../src/server/context.ts';
import { addTextItem, createProject, createUser, grantRole } from '../../src/server/admin/create.ts';
import { DEMO_PASSWORD, textGuideline, textSchema } from '../../src/server/seed/demo-content.ts';

export async function textProject(ctx: AppContext, opts: { items: number; overlap?: number; annotatorIds: string[]; name?: string }) {
  const project = await createProject(ctx, {
    name: opts.name ?? 'Sync test',
    kind: 'text',
    labelSchema: textSchema,
    sections: textGuideline,
    overlap: opts.overlap ?? 1,
  });
  const itemIds: string[] = [];
  await ctx.db.transaction(async (tx) => {
    for (let i = 0; i < opts.items; i++) itemIds.push(await addTextItem(ctx, tx, project.id, `Sentence number ${i} for the sync tests.`));
  });
  for (const userId of opts.annotatorIds) await grantRole(ctx, project.id, userId, 'annotator');
  return { ...project, itemIds };
}

/** n extra annotators (password: the demo password) with emails annotator-<tag>-<k>@sync.test. */
export async function annotators(ctx: AppContext, n: number, tag: string) {
  const out: Array<{ id: string; email: string }> = [];
  for (let k = 0; k < n; k++) {
    const email = `annotator-${tag}-${k}@sync.test`;
    out.push({ id: await createUser(ctx, { email, displayName: `Annotator ${tag} ${k}`, password: DEMO_PASSWORD }), email });
  }
  return out;
}

export const CLASSES = ['politics', 'business', 'sports', 'science', 'culture'] as const;
