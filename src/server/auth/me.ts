import { eq } from 'drizzle-orm';
import type { Me, Role } from '../../domain/api/index.ts';
import type { SessionUser } from './guard.ts';
import type { DbOrTx } from '../db/client.ts';
import { memberships } from '../db/schema.ts';

export async function describeMe(db: DbOrTx, user: SessionUser): Promise<Me> {
  const rows = await db.select().from(memberships).where(eq(memberships.userId, user.id));
  const byProject = new Map<string, Role[]>();
  for (const r of rows) byProject.set(r.projectId, [...(byProject.get(r.projectId) ?? []), r.role]);
  return {
    user: { id: user.id, email: user.email, displayName: user.displayName },
    isAdmin: user.isAdmin === true,
    memberships: [...byProject].map(([projectId, roles]) => ({ projectId, roles })),
  };
}
