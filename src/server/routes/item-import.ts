import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import { FolderImportRequest, ItemImportMode, ItemImportReport, TextItemsImportRequest, type ImportProgressLine, type Role } from '../../domain/api/index.ts';
import { parseTextItemsCsv, parseTextItemsJsonl } from '../../domain/import/text-items.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import type { ZApp } from '../http/types.ts';
import { importImages, importTextItems, MAX_IMAGE_BYTES, type ImageSource } from '../data/item-import.ts';
import { auditImport } from '../data/import-audit.ts';
import { ProjectParams } from './projects.ts';

// Item imports, leads and authors only: images by multipart upload or from a folder under the
// server's import root, texts from JSONL or CSV. Each import is one transaction (see item-import.ts).
const STAFF: Role[] = ['lead', 'author'];
// Files a folder import looks at; whether each really is an image is decided by its bytes.
const IMAGE_NAME = /\.(jpe?g|png|webp|gif|tiff?|bmp|avif|heic)$/i;

export function itemImportRoutes(app: ZApp, ctx: AppContext): void {
  app.post(
    '/api/projects/:projectId/items/import/text',
    {
      schema: { params: ProjectParams, body: TextItemsImportRequest, response: { 200: ItemImportReport } },
      bodyLimit: 64 * 1024 * 1024,
      config: { projectRoles: STAFF },
    },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, STAFF);
      const parsed = req.body.format === 'csv' ? parseTextItemsCsv(req.body.content) : parseTextItemsJsonl(req.body.content);
      return auditImport(ctx, user.id, project.id, { kind: 'items', format: req.body.format }, () => importTextItems(ctx, project, parsed, req.body.mode));
    },
  );

  // Multipart: a "mode" field first, then the files. Encapsulated so only this route parses multipart.
  void app.register(async (scoped: ZApp) => {
    // preservePath: the folders a picked directory sends (cleaned by safeRelativeName) match label files to items.
    await scoped.register(fastifyMultipart, { preservePath: true, limits: { fileSize: MAX_IMAGE_BYTES, files: 20_000, fields: 5 } });
    scoped.post(
      '/api/projects/:projectId/items/import/images',
      { schema: { params: ProjectParams, response: { 200: ItemImportReport } }, config: { projectRoles: STAFF } },
      async (req) => {
        const user = requireUser(req);
        const { project } = await requireProjectRole(ctx, user, req.params.projectId, STAFF);
        if (!req.isMultipart()) throw new HttpError('bad_request', 'Send the images as multipart/form-data: a "mode" field, then the files.');
        let mode: ItemImportMode = 'all_or_nothing';
        const parts = req.parts();
        async function* sources(): AsyncGenerator<ImageSource> {
          for await (const part of parts) {
            if (part.type === 'field') {
              if (part.fieldname === 'mode') mode = ItemImportMode.parse(part.value);
              continue;
            }
            yield {
              // The path inside the picked folder, when the browser sent one: label files match items by it.
              name: safeRelativeName(part.filename || 'unnamed'),
              read: async () => {
                const buf = await part.toBuffer().catch((e: { code?: string }) => {
                  if (e.code === 'FST_REQ_FILE_TOO_LARGE') return null;
                  throw e;
                });
                return buf;
              },
            };
          }
        }
        // The mode field arrives before the first file; importImages reads it once the first file is in.
        const it = sources();
        const first = await it.next();
        const all: AsyncIterable<ImageSource> = {
          async *[Symbol.asyncIterator]() {
            if (!first.done) yield first.value;
            yield* it;
          },
        };
        return auditImport(ctx, user.id, project.id, { kind: 'items', format: 'images', source: 'upload' }, () => importImages(ctx, project, all, mode));
      },
    );
  });

  app.post(
    '/api/projects/:projectId/items/import/folder',
    { schema: { params: ProjectParams, body: FolderImportRequest }, config: { projectRoles: STAFF } },
    async (req, reply) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, STAFF);
      const files = await folderFiles(ctx.config.importRoot, req.body.path);
      const out = new PassThrough();
      const write = (line: ImportProgressLine) => out.write(`${JSON.stringify(line)}\n`);
      const sources: ImageSource[] = files.map((f) => ({
        name: f.rel,
        read: async () => ((await lstat(f.abs)).size > MAX_IMAGE_BYTES ? null : readFile(f.abs)),
      }));
      write({ type: 'progress', processed: 0, total: files.length });
      void (async () => {
        try {
          const report = await auditImport(ctx, user.id, project.id, { kind: 'items', format: 'images', source: `folder:${req.body.path}` }, () =>
            importImages(ctx, project, toAsync(sources), req.body.mode, (n) => {
              if (n % 20 === 0 && n < files.length) write({ type: 'progress', processed: n, total: files.length });
            }),
          );
          write({ type: 'progress', processed: files.length, total: files.length });
          write({ type: 'report', report });
        } catch (e) {
          req.log.error(e);
          write({ type: 'error', message: e instanceof HttpError ? e.message : 'The import failed; nothing was written.' });
        } finally {
          out.end();
        }
      })();
      return reply.header('content-type', 'application/x-ndjson').header('cache-control', 'no-store').send(out);
    },
  );
}

/** "a/../b\\c.jpg" → "b/c.jpg": folders kept, never "..", never absolute. */
export function safeRelativeName(name: string): string {
  const segs = name
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..');
  return segs.join('/').slice(-500) || 'unnamed';
}

async function* toAsync<T>(xs: T[]): AsyncGenerator<T> {
  yield* xs;
}

/**
 * The image files under root/rel, recursively, sorted. The folder must resolve (links followed)
 * inside the import root; links inside it that lead out are skipped, never read.
 */
export async function folderFiles(root: string | undefined, rel: string): Promise<Array<{ abs: string; rel: string }>> {
  if (!root) throw new HttpError('forbidden', 'Importing from a server folder is switched off: the server has no IMPORT_ROOT.');
  const realRoot = await realpath(root).catch(() => {
    throw new HttpError('not_found', 'The server import root does not exist.');
  });
  const inside = (p: string) => p === realRoot || p.startsWith(realRoot + path.sep);
  if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..'))
    throw new HttpError('forbidden', 'Give a folder inside the import root, without ".." or a leading "/".');
  const start = await realpath(path.resolve(realRoot, rel)).catch(() => {
    throw new HttpError('not_found', `There is no folder "${rel}" under the import root.`);
  });
  if (!inside(start)) throw new HttpError('forbidden', 'That folder leads outside the import root.');
  if (!(await lstat(start)).isDirectory()) throw new HttpError('bad_request', `"${rel}" is not a folder.`);
  const out: Array<{ abs: string; rel: string }> = [];
  const walk = async (dir: string) => {
    for (const d of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (d.name.startsWith('.')) continue;
      const abs = path.join(dir, d.name);
      const real = await realpath(abs).catch(() => null);
      if (!real || !inside(real)) continue;
      const st = await lstat(real);
      if (st.isDirectory()) await walk(real);
      else if (st.isFile() && IMAGE_NAME.test(d.name)) out.push({ abs: real, rel: path.relative(realRoot, abs) });
    }
  };
  await walk(start);
  if (out.length > 100_000) throw new HttpError('bad_request', `The folder holds ${out.length} images; import at most 100,000 at a time.`);
  return out;
}
