// Touchstone JSONL (what the Touchstone export writes) → one stored payload per line, with the
// item it belongs to and its lineage. Payloads are checked with the same schema as submissions.
import { z } from 'zod';
import { AnnotationPayload } from '../api/annotation.ts';
import type { Problem } from '../api/errors.ts';

const Line = z.object({
  item: z.object({ id: z.string(), seq: z.number().optional(), file_name: z.string().optional() }).passthrough(),
  annotation_id: z.string().optional(),
  annotator: z.object({ id: z.string(), email: z.string().optional() }).passthrough().optional(),
  revision: z.number().int().optional(),
  guideline_version: z.object({ id: z.string(), label: z.string() }).optional(),
  submitted_at: z.string().optional(),
  payload: AnnotationPayload,
});
export type TouchstoneLine = z.infer<typeof Line>;

export function parseTouchstoneJsonl(input: string): { lines: Array<{ line: number; value: TouchstoneLine }>; problems: Problem[] } {
  const lines: Array<{ line: number; value: TouchstoneLine }> = [];
  const problems: Problem[] = [];
  input.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      problems.push({ path: `line ${i + 1}`, message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    const parsed = Line.safeParse(json);
    if (parsed.success) lines.push({ line: i + 1, value: parsed.data });
    else problems.push(...parsed.error.issues.map((x) => ({ path: `line ${i + 1}: ${x.path.join('.')}`, message: x.message })));
  });
  return { lines, problems };
}
