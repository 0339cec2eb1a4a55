import { eq } from 'drizzle-orm';
import type { ProjectDetail, Role } from '../../domain/api/index.ts';
import type { AppContext } from '../context.ts';
import { projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { currentGuideline, guidelineToWire } from '../guidelines/guidelines.ts';

export async function projectDetail(ctx: AppContext, projectId: string, roles: Role[]): Promise<ProjectDetail> {
  const [project] = await ctx.db.select().from(projects).where(eq(projects.id, projectId));
  if (!project) throw new HttpError('not_found', 'That project was not found.');
  const guideline = await currentGuideline(ctx.db, project.id);
  return {
    id: project.id,
    name: project.name,
    kind: project.kind,
    roles,
    archived: project.archivedAt !== null,
    labelSchema: project.labelSchema,
    guideline: guidelineToWire(guideline),
  };
}
