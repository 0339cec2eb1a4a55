// Creating users, projects, memberships and items: used by the demo seed, tests and imports.
import { randomUUID } from 'node:crypto';
import type { GuidelineSection, LabelSchema, ProjectKind, Role } from '../../domain/api/index.ts';
import { LabelSchema as LabelSchemaZ } from '../../domain/api/index.ts';
import { hashPassword } from '../auth/password.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { guidelineVersions, items, memberships, projects, users } from '../db/schema.ts';
import { audit } from './audit.ts';
import { storeImage } from '../data/assets.ts';

export async function createUser(ctx: AppContext, input: { email: string; displayName: string; password: string; isAdmin?: boolean }) {
  const id = ctx.newId();
  await ctx.db.insert(users).values({
    id,
    email: input.email.toLowerCase(),
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    isAdmin: input.isAdmin ?? false,
    createdAt: ctx.now(),
  });
  await audit(ctx.db, { actorId: null, action: 'user_created', details: { userId: id, email: input.email }, at: ctx.now() });
  return id;
}

export async function grantRole(ctx: AppContext, projectId: string, userId: string, role: Role, actorId: string | null = null) {
  await ctx.db.insert(memberships).values({ projectId, userId, role }).onConflictDoNothing();
  await audit(ctx.db, { actorId, action: 'role_granted', projectId, details: { userId, role }, at: ctx.now() });
}

/** A project is born with guideline version 1.0, so every label can name the version it was made under. */
export async function createProject(
  ctx: AppContext,
  input: { name: string; kind: ProjectKind; labelSchema: LabelSchema; sections: GuidelineSection[]; overlap?: number; createdBy?: string | null },
  db: DbOrTx = ctx.db,
) {
  const labelSchema = LabelSchemaZ.parse(input.labelSchema);
  const id = ctx.newId();
  const guidelineVersionId = ctx.newId();
  await db.transaction(async (tx) => {
    await tx.insert(projects).values({ id, name: input.name, kind: input.kind, labelSchema, overlap: input.overlap ?? 1, createdAt: ctx.now() });
    await tx.insert(guidelineVersions).values({
      id: guidelineVersionId,
      projectId: id,
      major: 1,
      minor: 0,
      kind: 'initial',
      changelog: 'First version.',
      sections: input.sections,
      publishedBy: input.createdBy ?? null,
      publishedAt: ctx.now(),
    });
  });
  return { id, guidelineVersionId };
}

// Item ids are random (v4), not time-ordered: an id must not tell when or in which batch
// (a gold import, say) an item was created.
export async function addTextItem(ctx: AppContext, db: DbOrTx, projectId: string, text: string, meta: Record<string, unknown> = {}) {
  const id = randomUUID();
  await db.insert(items).values({ id, projectId, text, meta, createdAt: ctx.now() });
  return id;
}

export async function addImageItem(ctx: AppContext, db: DbOrTx, projectId: string, bytes: Buffer, meta: Record<string, unknown> = {}) {
  const asset = await storeImage(ctx, db, bytes);
  const id = randomUUID();
  await db.insert(items).values({ id, projectId, assetId: asset.id, width: asset.width, height: asset.height, meta, createdAt: ctx.now() });
  return { id, assetId: asset.id, width: asset.width, height: asset.height, sha256: asset.sha256 };
}
