// `npm run export -- --project <id|name> --format <fmt> --out <path> [--history latest|all]
//   [--include-escalated] [--all-items] [--reviewed-only] [--images]`
// Opens the database the server uses (DATA_DIR / DATABASE_URL) and streams the export to --out:
// a file for COCO, CoNLL and the JSONL formats, a directory for YOLO and VOC (data.yaml,
// labels/, Annotations/ …). The export is written to the audit log like one made in the app.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { ExportFormat } from '../../domain/api/index.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { projects } from '../db/schema.ts';
import { audit } from '../admin/audit.ts';
import { checkFormat, exportChunks, exportFiles, isMultiFile, type ExportOptions } from '../data/export.ts';

const USAGE =
  'usage: npm run export -- --project <id|name> --format <coco|yolo|yolo-seg|voc|cvat|label-studio|conll|spacy|touchstone> --out <path> [--history latest|all] [--include-escalated] [--all-items] [--reviewed-only] [--images] [--labels-as-made | --labels-in-current-schema]';
const { values } = parseArgs({
  options: {
    project: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    history: { type: 'string', default: 'latest' },
    'include-escalated': { type: 'boolean', default: false },
    'all-items': { type: 'boolean', default: false },
    'reviewed-only': { type: 'boolean', default: false },
    images: { type: 'boolean', default: false },
    // Final labels are read in the current schema, the full history as made; either can be asked for.
    'labels-as-made': { type: 'boolean', default: false },
    'labels-in-current-schema': { type: 'boolean', default: false },
  },
});
const format = ExportFormat.safeParse(values.format);
if (!values.project || !values.out || !format.success || (values.history !== 'latest' && values.history !== 'all')) {
  console.error(USAGE);
  process.exit(2);
}

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const db = database.db;
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(values.project);
  const found = await db
    .select()
    .from(projects)
    .where(isUuid ? eq(projects.id, values.project) : eq(projects.name, values.project));
  if (found.length !== 1)
    throw new Error(
      found.length === 0 ? `No project has the id or name "${values.project}".` : `${found.length} projects are named "${values.project}"; give its id.`,
    );
  const project = found[0]!;
  checkFormat(project, format.data);
  let spansLost = 0;
  const options: ExportOptions = {
    history: values.history,
    holdEscalated: !values['include-escalated'],
    onlyAnnotated: !values['all-items'],
    reviewedOnly: values['reviewed-only'],
    images: values.images,
    ...(values['labels-as-made'] ? { mapToCurrent: false } : values['labels-in-current-schema'] ? { mapToCurrent: true } : {}),
    onDone: (summary) => {
      spansLost = summary.spansLost;
    },
  };
  const now = new Date();
  const out = path.resolve(values.out);
  const started = performance.now();
  await audit(db, { actorId: null, action: 'export', projectId: project.id, details: { format: format.data, ...options, out, via: 'cli' }, at: now });
  let files = 0;
  if (isMultiFile(format.data)) {
    for await (const f of exportFiles(db, project, format.data, options, now)) {
      const target = path.join(out, f.path);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, f.data);
      files++;
    }
  } else {
    await mkdir(path.dirname(out), { recursive: true });
    await pipeline(Readable.from(exportChunks(db, project, format.data, options, now)), createWriteStream(out));
    files = 1;
  }
  console.log(
    `Exported "${project.name}" as ${format.data} to ${out} (${files} file${files === 1 ? '' : 's'}, ${((performance.now() - started) / 1000).toFixed(1)} s).`,
  );
  if (spansLost > 0)
    console.warn(
      `${spansLost} span${spansLost === 1 ? '' : 's'} overlapped another and could not be written in ${format.data} (BIO holds one label per token).`,
    );
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
