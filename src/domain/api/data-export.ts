import { z } from 'zod';
import { EXPORT_FORMATS } from '../export/types.ts';

// GET /api/projects/:projectId/export — the query string. Booleans arrive as "true"/"false".
const Flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const ExportFormat = z.enum(EXPORT_FORMATS);
export const ExportQuery = z.strictObject({
  format: ExportFormat,
  /** "latest": each annotator's newest revision; "all": every revision (full history). */
  history: z.enum(['latest', 'all']).default('latest'),
  /** Leave out items with an unresolved escalation. */
  holdEscalated: Flag.default(true),
  /** Only items somebody has labelled (otherwise every item, unlabelled ones empty). */
  onlyAnnotated: Flag.default(true),
  /** Only labels a reviewer accepted or corrected (the review stage), and the items that have one. */
  reviewedOnly: Flag.default(false),
  /** YOLO and VOC archives: put the image files in too. */
  images: Flag.default(false),
  /**
   * Labels read in the current label schema (merged classes mapped to what they became) or as
   * each revision was made. Default: current for the final labels, as made for the full history.
   */
  mapToCurrent: Flag.optional(),
});
export type ExportQuery = z.infer<typeof ExportQuery>;
