// A new project from the creation form (or a script): name, kind, label schema, the first
// guideline version, and maybe the working settings of another project. The creator becomes its
// lead and author, so they can add items, members and guideline versions straight away.
import { eq } from 'drizzle-orm';
import type { CreateProjectRequest, ProjectDetail, ProjectKind, Tool } from '../../domain/api/index.ts';
import { CreateProjectRequest as CreateProjectZ } from '../../domain/api/index.ts';
import { requireProjectAdmin, type SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { memberships, projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { createProject } from '../admin/create.ts';
import { audit } from '../admin/audit.ts';
import { projectDetail } from './describe.ts';

const TOOLS_OF: Record<ProjectKind, readonly Tool[]> = { image: ['box', 'polygon', 'class'], text: ['span', 'class'] };
const TOOL_NAME: Record<Tool, string> = { box: 'box', polygon: 'polygon', span: 'span', class: 'document class' };

/** The settings a project may take from another: everything but its identity, labels and guideline. */
function settingsOf(row: typeof projects.$inferSelect) {
  const { id: _id, name: _name, kind: _kind, labelSchema: _labels, archivedAt: _archived, createdAt: _created, ...settings } = row;
  return settings;
}

type Problem = { path: string; message: string };

/** What the zod schema cannot see: tools against the kind, guideline references against the labels. */
function problemsOf(body: ReturnType<typeof CreateProjectZ.parse>): Problem[] {
  const problems: Problem[] = [];
  const tools = TOOLS_OF[body.kind];
  body.labelSchema.labels.forEach((label, i) => {
    for (const t of label.tools) {
      if (!tools.includes(t))
        problems.push({
          path: `labelSchema.labels.${i}.tools`,
          message: `label "${label.name}" uses the ${TOOL_NAME[t]} tool, which ${body.kind === 'image' ? 'an image' : 'a text'} project does not have`,
        });
    }
  });
  const labelIds = new Set(body.labelSchema.labels.map((l) => l.id));
  const sectionIds = new Set<string>();
  body.guideline.sections.forEach((s, i) => {
    if (sectionIds.has(s.id)) problems.push({ path: `guideline.sections.${i}.id`, message: `section id "${s.id}" is used twice` });
    sectionIds.add(s.id);
    for (const l of s.labels)
      if (!labelIds.has(l))
        problems.push({ path: `guideline.sections.${i}.labels`, message: `section "${s.title}" names label "${l}", which the schema does not have` });
    if (s.itemId)
      problems.push({ path: `guideline.sections.${i}.itemId`, message: 'a new project has no items yet; add example items in a later guideline version' });
  });
  return problems;
}

export async function createProjectFor(ctx: AppContext, user: SessionUser, input: CreateProjectRequest): Promise<ProjectDetail> {
  const body = CreateProjectZ.parse(input);
  const problems = problemsOf(body);
  if (problems.length > 0)
    throw new HttpError('validation_failed', `The project is not valid — ${problems[0]!.path}: ${problems[0]!.message}`, { issues: problems });
  const source = body.copySettingsFrom ? (await requireProjectAdmin(ctx, user, body.copySettingsFrom)).project : undefined;
  const id = await ctx.db.transaction(async (tx) => {
    const created = await createProject(
      ctx,
      { name: body.name, kind: body.kind, labelSchema: body.labelSchema, sections: body.guideline.sections, createdBy: user.id },
      tx,
    );
    if (source) await tx.update(projects).set(settingsOf(source)).where(eq(projects.id, created.id));
    await tx.insert(memberships).values([
      { projectId: created.id, userId: user.id, role: 'lead' },
      { projectId: created.id, userId: user.id, role: 'author' },
    ]);
    await audit(tx, {
      actorId: user.id,
      action: 'project_created',
      projectId: created.id,
      details: { name: body.name, kind: body.kind, labels: body.labelSchema.labels.map((l) => l.name), copiedSettingsFrom: source?.id ?? null },
      at: ctx.now(),
    });
    return created.id;
  });
  return projectDetail(ctx, id, ['lead', 'author']);
}
