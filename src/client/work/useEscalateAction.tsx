import { useCallback, useState, type ReactNode } from 'react';
import type { ProjectDetail, QueueItem } from '../../domain/api/index.ts';
import { validateAnnotation } from '../../domain/validation/annotation.ts';
import { useEditor } from '../editor/store.ts';
import { localDb } from '../local/db.ts';
import { isQuotaError, QUOTA_MESSAGE } from '../local/storage.ts';
import { EscalateDialog, type EscalationChoice } from './EscalateDialog.tsx';
import { useItemChange } from './useItemChange.ts';
import { escalateWork } from './escalate.ts';

interface Options {
  item: QueueItem;
  project: ProjectDetail;
  userId: string;
  /** After the escalation is in the outbox: the words to show once the next item opens. */
  onEscalated: (message: string) => void;
  syncNow: () => unknown;
}

/**
 * The annotate screen's Escalate: the dialog's open state, and what sending does — the
 * escalation goes to the outbox with the item marked done (escalate.ts), so the queue moves on
 * and it syncs when it can, offline included.
 */
export function useEscalateAction({ item, project, userId, onEscalated, syncNow }: Options): { open: boolean; openDialog: () => void; dialog: ReactNode } {
  const [open, setOpen] = useState(false);
  useItemChange(item.id, () => setOpen(false));
  const openDialog = useCallback(() => setOpen(true), []);
  const payload = useEditor((s) => s.payload);
  const hasLabels = payload.shapes.length + payload.spans.length + payload.classes.length > 0;

  const send = async (c: EscalationChoice) => {
    const current = useEditor.getState().payload;
    // Tentative labels the server would refuse would take the whole escalation down with them:
    // check them here, where the annotator can still fix them or leave them out.
    if (c.includeTentative) {
      const content =
        item.kind === 'image'
          ? { kind: 'image' as const, width: item.image?.width ?? 0, height: item.image?.height ?? 0 }
          : { kind: 'text' as const, text: item.text ?? '' };
      const problems = validateAnnotation(project.labelSchema, content, current);
      if (problems.length > 0)
        throw new Error(`Your current labels cannot go with the escalation: ${problems[0]?.message}. Fix them, or untick “Include my current labels”.`);
    }
    try {
      await escalateWork(localDb, {
        userId,
        projectId: project.id,
        itemId: item.id,
        guidelineVersionId: project.guideline.id,
        reason: c.reason,
        note: c.note,
        guidelineRef: c.guidelineRef,
        labels: c.labels,
        ...(c.includeTentative ? { tentative: current } : {}),
      });
    } catch (e) {
      throw isQuotaError(e) ? new Error(QUOTA_MESSAGE) : e;
    }
    onEscalated('Item escalated to a lead. It is saved on this device and syncs as soon as the server can be reached; see “My escalations” for the outcome.');
    void syncNow();
  };

  const dialog = open ? (
    <EscalateDialog
      labels={project.labelSchema.labels}
      sections={project.guideline.sections}
      hasLabels={hasLabels}
      onSubmit={send}
      onClose={() => setOpen(false)}
    />
  ) : null;
  return { open, openDialog, dialog };
}
