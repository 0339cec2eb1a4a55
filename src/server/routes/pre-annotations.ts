import { CocoImportRequest, JsonlImportRequest, PreAnnotationImportReport, type Role } from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { ZApp } from '../http/types.ts';
import { auditImport } from '../data/import-audit.ts';
import { importPreCoco, importPreJsonl } from '../data/pre-annotation-import.ts';
import { ProjectParams } from './projects.ts';

// Importing labels as pre-annotations: leads and authors only.
const STAFF: Role[] = ['lead', 'author'];
const LIMIT = 64 * 1024 * 1024;

export function preAnnotationRoutes(app: ZApp, ctx: AppContext): void {
  app.post(
    '/api/projects/:projectId/pre-annotations/import/coco',
    {
      schema: { params: ProjectParams, body: CocoImportRequest, response: { 200: PreAnnotationImportReport } },
      bodyLimit: LIMIT,
      config: { projectRoles: STAFF },
    },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, STAFF);
      return auditImport(ctx, user.id, project.id, { kind: 'pre_annotations', format: 'coco' }, () => importPreCoco(ctx, project, user.id, req.body));
    },
  );
  app.post(
    '/api/projects/:projectId/pre-annotations/import/jsonl',
    {
      schema: { params: ProjectParams, body: JsonlImportRequest, response: { 200: PreAnnotationImportReport } },
      bodyLimit: LIMIT,
      config: { projectRoles: STAFF },
    },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, STAFF);
      return auditImport(ctx, user.id, project.id, { kind: 'pre_annotations', format: 'jsonl' }, () => importPreJsonl(ctx, project, user.id, req.body));
    },
  );
}
