import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnnotationPayload } from '../../domain/api/index.ts';
import type { AppContext } from '../context.ts';
import { goldAnswers, users } from '../db/schema.ts';
import { addImageItem, addTextItem, createProject, createUser, grantRole } from '../admin/create.ts';
import { DEMO_PASSWORD, DEMO_USERS, demoImages, demoTexts, imageGuideline, imageSchema, textGuideline, textSchema } from './demo-content.ts';

const assetDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');

/** Seeds the demo into an empty database; does nothing when any user exists. */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<boolean> {
  const count = await ctx.db.$count(users);
  if (count > 0) return false;
  await seedDemo(ctx);
  return true;
}

export async function seedDemo(ctx: AppContext): Promise<{ imageProjectId: string; textProjectId: string; userIds: Record<string, string> }> {
  const userIds: Record<string, string> = {};
  for (const u of DEMO_USERS)
    userIds[u.email] = await createUser(ctx, { email: u.email, displayName: u.displayName, password: DEMO_PASSWORD, isAdmin: 'isAdmin' in u && u.isAdmin });

  const image = await createProject(ctx, { name: 'Street & still life — objects', kind: 'image', labelSchema: imageSchema, sections: imageGuideline });
  const text = await createProject(ctx, { name: 'News wire — entities & topics', kind: 'text', labelSchema: textSchema, sections: textGuideline });
  for (const u of DEMO_USERS) {
    const userId = userIds[u.email];
    if (!userId) continue;
    for (const role of u.roles) {
      await grantRole(ctx, image.id, userId, role);
      await grantRole(ctx, text.id, userId, role);
    }
  }

  for (const img of demoImages) {
    const item = await addImageItem(ctx, ctx.db, image.id, await readFile(path.join(assetDir, img.file)), { caption: img.caption, source: img.file });
    if (img.gold) await addGold(ctx, image.id, item.id, image.guidelineVersionId, img.gold);
  }
  for (const t of demoTexts) {
    const itemId = await addTextItem(ctx, ctx.db, text.id, t.text);
    if (t.gold) {
      const spans = t.gold.spans.map(([surface, label], i) => ({ id: `g${i + 1}`, label, ...codePointRange(t.text, surface) }));
      await addGold(ctx, text.id, itemId, text.guidelineVersionId, { shapes: [], spans, classes: [t.gold.topic] });
    }
  }
  return { imageProjectId: image.id, textProjectId: text.id, userIds };
}

async function addGold(ctx: AppContext, projectId: string, itemId: string, guidelineVersionId: string, answer: AnnotationPayload) {
  await ctx.db
    .insert(goldAnswers)
    .values({ itemId, projectId, answer, guidelineVersionId, justification: 'Demo gold, verified by the lead.', createdAt: ctx.now() });
}

function codePointRange(text: string, surface: string): { start: number; end: number } {
  const at = text.indexOf(surface);
  if (at < 0) throw new Error(`demo gold span "${surface}" is not in its text`);
  const start = Array.from(text.slice(0, at)).length;
  return { start, end: start + Array.from(surface).length };
}
