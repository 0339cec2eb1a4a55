// An item open in the annotators' own editors outside the queue — gold mode, review — so a lead
// labels and corrects with exactly the tools and hotkeys annotators use. The payload lives in the
// editor store (undo/redo included); the caller reads it there when it saves.
import { useEffect, type ReactNode } from 'react';
import { labelsForTool, type AnnotationPayload, type LabelSchema, type QueueItem } from '../../domain/api/index.ts';
import { useAnnotateHotkeys } from '../screens/useAnnotateHotkeys.ts';
import { ItemEditor } from './ItemEditor.tsx';
import { LabelPicker } from './LabelPicker.tsx';
import { useEditor } from './store.ts';

export type EditableItem = Pick<QueueItem, 'id' | 'kind' | 'image' | 'text'> & { projectId: string };

/** Whether the editor store holds this item (its payload is the one on screen). */
export const useEditorHolds = (itemId: string) => useEditor((s) => s.itemId === itemId);

export function StandaloneEditor({
  item,
  schema,
  initial,
  onSave,
  actions,
}: {
  item: EditableItem;
  schema: LabelSchema;
  initial: AnnotationPayload;
  onSave: () => void;
  actions?: ReactNode;
}) {
  const activeLabel = useEditor((s) => s.activeLabel);
  const ready = useEditorHolds(item.id);
  const toolLabels = labelsForTool(schema, item.kind === 'image' ? 'box' : 'span');
  // The editors take a queue item; outside the queue there is no lease or position.
  const queueItem: QueueItem = { ...item, position: 0, leaseExpiresAt: new Date(0).toISOString(), reannotation: null };

  useEffect(() => {
    useEditor.getState().load(item.id, initial);
    if (!toolLabels.some((l) => l.id === useEditor.getState().activeLabel)) useEditor.getState().setActiveLabel(toolLabels[0]?.id ?? null);
    // Loaded once per item: later changes to `initial` (a refetch) must not wipe the edits.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [item.id]);
  useAnnotateHotkeys(schema, item.kind, onSave, ready);

  return (
    <>
      <div className="toolbar" role="toolbar" aria-label="Labels and actions">
        <LabelPicker
          title={item.kind === 'image' ? 'Label' : 'Span label'}
          labels={toolLabels}
          active={activeLabel}
          onPick={(id) => useEditor.getState().setActiveLabel(id)}
        />
        <button type="button" onClick={() => useEditor.getState().undo()} aria-keyshortcuts="Control+Z">
          Undo
        </button>
        <button type="button" onClick={() => useEditor.getState().redo()} aria-keyshortcuts="Control+Shift+Z">
          Redo
        </button>
        {actions}
      </div>
      {ready && <ItemEditor item={queueItem} schema={schema} />}
    </>
  );
}
