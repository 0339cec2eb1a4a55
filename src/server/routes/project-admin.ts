// Making and running projects: creation (administrators), templates and schema-from-dataset for
// the creation form, renaming and archiving (the project's leads and administrators).
import { eq } from 'drizzle-orm';
import {
  CreateProjectRequest,
  LabelSchemaFromDataset,
  LabelSchemaFromDatasetRequest,
  ProjectDetail,
  ProjectTemplateList,
  UpdateProjectRequest,
} from '../../domain/api/index.ts';
import { DatasetSchemaError, labelSchemaFromDataset } from '../../domain/import/label-schema-from-dataset.ts';
import { PROJECT_TEMPLATES } from '../../domain/projects/templates.ts';
import { requireAdmin, requireProjectAdmin, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import type { ZApp } from '../http/types.ts';
import { setArchived } from '../projects/archive.ts';
import { createProjectFor } from '../projects/create.ts';
import { projectDetail } from '../projects/describe.ts';
import { audit } from '../admin/audit.ts';
import { ProjectParams } from './projects.ts';

export function projectAdminRoutes(app: ZApp, ctx: AppContext): void {
  app.post(
    '/api/projects',
    { config: { instanceAdmin: true }, schema: { body: CreateProjectRequest, response: { 201: ProjectDetail } } },
    async (req, reply) => {
      const user = requireAdmin(req);
      return reply.code(201).send(await createProjectFor(ctx, user, req.body));
    },
  );

  app.get('/api/project-templates', { schema: { response: { 200: ProjectTemplateList } } }, async (req) => {
    requireUser(req);
    return { templates: [...PROJECT_TEMPLATES] };
  });

  app.post(
    '/api/label-schema/from-dataset',
    // A COCO annotations file can be several megabytes; it is only parsed, never stored.
    { bodyLimit: 9 * 1024 * 1024, schema: { body: LabelSchemaFromDatasetRequest, response: { 200: LabelSchemaFromDataset } } },
    async (req) => {
      requireUser(req);
      try {
        return labelSchemaFromDataset(req.body.format, req.body.content, req.body.kind);
      } catch (err) {
        if (err instanceof DatasetSchemaError) throw new HttpError('bad_request', err.message);
        throw err;
      }
    },
  );

  app.put('/api/projects/:projectId', { schema: { params: ProjectParams, body: UpdateProjectRequest, response: { 200: ProjectDetail } } }, async (req) => {
    const user = requireUser(req);
    const { project, roles } = await requireProjectAdmin(ctx, user, req.params.projectId);
    if (project.name !== req.body.name) {
      await ctx.db.update(projects).set({ name: req.body.name }).where(eq(projects.id, project.id));
      await audit(ctx.db, {
        actorId: user.id,
        action: 'project_renamed',
        projectId: project.id,
        details: { before: project.name, after: req.body.name },
        at: ctx.now(),
      });
    }
    return projectDetail(ctx, project.id, roles);
  });

  app.post('/api/projects/:projectId/archive', { schema: { params: ProjectParams, response: { 200: ProjectDetail } } }, async (req) =>
    setArchived(ctx, requireUser(req), req.params.projectId, true),
  );
  app.post('/api/projects/:projectId/unarchive', { schema: { params: ProjectParams, response: { 200: ProjectDetail } } }, async (req) =>
    setArchived(ctx, requireUser(req), req.params.projectId, false),
  );
}
