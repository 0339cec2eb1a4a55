import { LabelImportReport, LabelImportRequest, type Role } from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { ZApp } from '../http/types.ts';
import { auditImport } from '../data/import-audit.ts';
import { importLabels } from '../data/label-import.ts';
import { ProjectParams } from './projects.ts';

// One import route for labels from other tools (COCO, YOLO, VOC, CVAT, Label Studio, LabelMe,
// CoNLL, spaCy, Touchstone JSONL), as pre-annotations, gold or starting labels: leads and authors.
// Limits: 32 MB of file text (413 beyond, with the figure), 20,000 files; the body itself 48 MB.
const STAFF: Role[] = ['lead', 'author'];
const BODY_LIMIT = 48 * 1024 * 1024;

export function labelImportRoutes(app: ZApp, ctx: AppContext): void {
  app.post(
    '/api/projects/:projectId/labels/import',
    {
      schema: { params: ProjectParams, body: LabelImportRequest, response: { 200: LabelImportReport } },
      bodyLimit: BODY_LIMIT,
      // Refused before the megabytes are read for a caller who may not import.
      config: { projectRoles: STAFF },
    },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, STAFF);
      const kind = req.body.as === 'gold' ? 'gold' : req.body.as === 'pre-annotations' ? 'pre_annotations' : 'labels';
      return auditImport(ctx, user.id, project.id, { kind, format: req.body.format }, () => importLabels(ctx, project, user.id, req.body));
    },
  );
}
