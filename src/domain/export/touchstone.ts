// Touchstone JSONL: one line per exported revision with its full lineage — who (annotator), when
// (started, submitted, duration), under which guideline version, which revision of how many, and
// the review and escalation outcomes (null where there is none). The payload is the exact stored
// one, so importing this file gives back exactly what was labelled.
import type { ExportItem, ExportRevision } from './types.ts';

export function touchstoneLine(item: ExportItem, rev: ExportRevision): string {
  return `${JSON.stringify({
    item: {
      id: item.id,
      seq: item.seq,
      file_name: item.text === null ? item.fileName : undefined,
      width: item.width ?? undefined,
      height: item.height ?? undefined,
      meta: item.meta,
    },
    annotation_id: rev.annotationId,
    annotator: rev.annotator,
    revision: rev.revision,
    guideline_version: rev.guidelineVersion,
    started_at: rev.startedAt,
    submitted_at: rev.submittedAt,
    duration_ms: rev.durationMs,
    payload: rev.payload,
    review: rev.review,
    escalation: rev.escalation,
  })}\n`;
}
