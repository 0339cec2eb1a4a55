import { Readable } from 'node:stream';
import { ExportQuery, type Role } from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { ZApp } from '../http/types.ts';
import { audit } from '../admin/audit.ts';
import { checkFormat, exportChunks, exportFileName, exportSchemaVersion, isMultiFile } from '../data/export.ts';
import { ProjectParams } from './projects.ts';

// Export streams the file as it is written (pages of items and revisions, never the whole
// project in memory). Leads and authors only: an export holds every annotator's labels and
// items that are gold, so it is never in an annotator's reach.
const STAFF: Role[] = ['lead', 'author'];

export function dataExportRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/projects/:projectId/export', { schema: { params: ProjectParams, querystring: ExportQuery } }, async (req, reply) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, STAFF);
    const { format, ...options } = req.query;
    checkFormat(project, format);
    const now = ctx.now();
    const fileName = exportFileName(project, format, now);
    await audit(ctx.db, { actorId: user.id, action: 'export', projectId: project.id, details: { format, ...options, fileName, via: 'http' }, at: now });
    const type = isMultiFile(format)
      ? 'application/x-tar'
      : format === 'coco' || format === 'label-studio'
        ? 'application/json'
        : format === 'cvat'
          ? 'application/xml'
          : format === 'conll'
            ? 'text/plain; charset=utf-8'
            : 'application/x-ndjson';
    return (
      reply
        .header('content-type', type)
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'no-store')
        // The label schema version the labels are in, for every format (some have no place for it inside).
        .header('x-touchstone-schema-version', await exportSchemaVersion(ctx.db, project.id))
        .send(
          Readable.from(
            exportChunks(
              ctx.db,
              project,
              format,
              {
                ...options,
                onDone: (summary) =>
                  audit(ctx.db, {
                    actorId: user.id,
                    action: 'export_finished',
                    projectId: project.id,
                    details: { format, fileName, ...summary },
                    at: ctx.now(),
                  }),
              },
              now,
            ),
          ),
        )
    );
  });
}
