import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { emptyAnnotation, offeredLabels, type AnnotationPayload, type ProjectDetail, type QueueItem } from '../../domain/api/index.ts';
import { useMe, useProject } from '../api/hooks.ts';
import { ApiError } from '../api/http.ts';
import { GuidelineBanner } from '../components/GuidelineBanner.tsx';
import { GuidelinePanel } from '../components/GuidelinePanel.tsx';
import { OwnAccuracyNote } from '../components/OwnAccuracyNote.tsx';
import { QualificationBanner } from '../components/QualificationBanner.tsx';
import { useGuidelineAck } from '../guideline/ack.ts';
import { SyncStatusBadge } from '../components/SyncStatusBadge.tsx';
import { ItemEditor, preloadEditor } from '../editor/ItemEditor.tsx';
import { LabelPicker } from '../editor/LabelPicker.tsx';
import { useEditor } from '../editor/store.ts';
import { itemKey, localDb, type Draft, type LocalQueueEntry } from '../local/db.ts';
import { useSync } from '../sync/SyncContext.tsx';
import { isQuotaError, QUOTA_MESSAGE } from '../local/storage.ts';
import { tabId, useTabItem } from '../work/claims.ts';
import { peekNext, type NextItem } from '../work/advance.ts';
import { KEPT_NOTE, useSubmitItem } from '../work/useSubmitItem.ts';
import { useHandoff, type Restore } from '../work/useHandoff.ts';
import { preloadNext } from '../work/imagePreload.ts';
import { queueCounts, refreshQueue } from '../work/queue.ts';
import { useQueueTopUp } from '../work/useQueueTopUp.ts';
import { keepUnsubmitted, saveDraft } from '../work/submit.ts';
import { useAnnotateHotkeys } from './useAnnotateHotkeys.ts';
import { useEscalateAction } from '../work/useEscalateAction.tsx';
import { LAYOUT_KEYS, useWorkLayout } from '../work/layout.ts';
import { ConfirmEmptyDialog } from '../work/ConfirmEmptyDialog.tsx';
import { ReannotationList } from '../work/ReannotationList.tsx';
import { ItemNavigation } from '../work/ItemNavigation.tsx';
import { useItemChange } from '../work/useItemChange.ts';

export function AnnotateScreen() {
  const { projectId = '' } = useParams();
  const me = useMe();
  const project = useProject(projectId);
  const userId = me.data?.user.id;
  const [queueError, setQueueError] = useState<string | null>(null);
  // A lead's hold (pause or recalibration): the server serves nothing until it is lifted.
  const [paused, setPaused] = useState(false);
  // Outlives the escalated item's workspace: it is said once the next item has opened.
  const [escalated, setEscalated] = useState<string | null>(null);

  // Until the first fetch answers (or fails offline), "no local items" means "not fetched yet".
  const [fetched, setFetched] = useState(false);

  useEffect(() => {
    if (!userId) return;
    // The fetch may answer after the screen has gone: its state is then nobody's to set.
    let live = true;
    setFetched(false);
    refreshQueue(localDb, userId, projectId)
      .then(
        (r) => {
          if (!live) return;
          setPaused(r.paused);
          setQueueError(r.quotaFull ? 'This device is out of storage space: some images could not be kept for offline work.' : null);
        },
        (e: unknown) => live && setQueueError(e instanceof ApiError && e.isNetwork ? null : e instanceof Error ? e.message : String(e)),
      )
      .finally(() => live && setFetched(true));
    return () => {
      live = false;
    };
  }, [userId, projectId]);

  // The item this tab works on: other tabs of this account get other items (work/claims.ts).
  const pick = useTabItem(localDb, userId, projectId);
  // An item picked but not yet claimed by this tab is not shown yet (another tab may take it
  // first); the screen around it stays, so the bar and banners do not flash away on every item.
  // After Submit, the next item as read ahead, then as the submitting transaction claimed it
  // (work/advance.ts): shown at once, while the live query above still shows the submitted item.
  const handoff = useHandoff(pick);
  const entry = handoff.entry;
  const opening = pick !== undefined && !pick.mine && pick.entry !== null;
  const counts = useLiveQuery(() => (userId ? queueCounts(localDb, userId, projectId) : undefined), [userId, projectId]);
  const toppingUp = useQueueTopUp(userId, projectId, counts?.todo, fetched);
  const fullScreen = useWorkLayout((s) => s.fullScreen);
  // The editor's code downloads while the queue is fetched, not after the first item shows.
  const kind = project.data?.kind;
  useEffect(() => {
    if (kind) preloadEditor(kind);
  }, [kind]);

  if (project.error) return <p role="alert">{project.error.message}</p>;
  if (!userId || !project.data || pick === undefined) return <p>Loading…</p>;
  return (
    <main className={`annotate${fullScreen ? ' full-screen' : ''}`}>
      <header className="annotate-bar">
        <h1>{project.data.name}</h1>
        <span aria-label="Queue progress">{counts ? `${counts.done} done · ${counts.todo} to do` : ''}</span>
        {entry && counts && (
          // Which item this is: its place in the queue and a short name to tell a lead about it.
          <span className="current-item" aria-label="Current item">
            Item {Math.min(counts.submitted + 1, counts.submitted + counts.todo)} of {counts.submitted + counts.todo} · #{entry.item.id.slice(-6)}
          </span>
        )}
        <Link to={`/projects/${projectId}/my-escalations`}>My escalations</Link>
        <SyncStatusBadge />
      </header>
      <p role="status" className="escalated-note">
        {escalated}
      </p>
      {queueError && (
        <p role="alert" className="error-text">
          {queueError}
        </p>
      )}
      {paused && (
        <p role="alert" className="paused-note">
          A lead has paused your work in this project. No new items are served until they lift the pause; ask your lead.
        </p>
      )}
      {handoff.moved && (
        <p role="status" className="reannotation-note">
          The item shown next went to another of your tabs, or moved in the queue, while this one was saved; anything done on it here was dropped.
          {handoff.moved === 'next' ? ' This is the next one now.' : ''}
        </p>
      )}
      <QualificationBanner projectId={projectId} done={counts?.submitted ?? 0} />
      <OwnAccuracyNote projectId={projectId} />
      {entry ? (
        <div className="workspace">
          {/* Not keyed by item: it stays mounted from one item to the next (useItemChange). */}
          <ItemWorkspace
            key={`${userId}:${projectId}`}
            entry={entry}
            prepared={handoff.preparedFor(entry.key)}
            restore={handoff.restore?.entry.key === entry.key ? handoff.restore : null}
            holdDrafts={handoff.pending}
            project={project.data}
            userId={userId}
            onEscalated={setEscalated}
            onAhead={handoff.ahead}
            onSubmitted={handoff.committed}
            onFailed={handoff.failed}
            onRestored={handoff.restored}
          />
          {/* Outside the item's workspace: it stays as it is (scroll, search) from one item to the next. */}
          <GuidelineSide key={project.data.id} project={project.data} />
        </div>
      ) : opening ? (
        <p role="status">Opening the next item…</p>
      ) : fetched && !toppingUp ? (
        <EmptyQueue userId={userId} projectId={projectId} heldElsewhere={pick.heldElsewhere} />
      ) : (
        <p role="status">{fetched ? 'Fetching more work…' : 'Fetching your queue…'}</p>
      )}
    </main>
  );
}

function GuidelineSide({ project }: { project: ProjectDetail }) {
  const activeLabel = useEditor((s) => s.activeLabel);
  const open = useWorkLayout((s) => s.guidelineOpen && !s.fullScreen);
  return open ? <GuidelinePanel id="guideline-panel" guideline={project.guideline} focusLabel={activeLabel} projectId={project.id} /> : null;
}

function EmptyQueue({ userId, projectId, heldElsewhere }: { userId: string; projectId: string; heldElsewhere: number }) {
  const [busy, setBusy] = useState(false);
  return (
    <section className="empty-queue">
      <h2>Your queue is empty</h2>
      <p>
        {heldElsewhere > 0
          ? `Your other open tab${heldElsewhere > 1 ? 's are' : ' is'} working on the ${heldElsewhere} remaining item${heldElsewhere > 1 ? 's' : ''}.`
          : 'Everything you have is done. New work appears here when it is assigned.'}
      </p>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void refreshQueue(localDb, userId, projectId).finally(() => setBusy(false));
        }}
      >
        Check for new work
      </button>
    </section>
  );
}

function ItemWorkspace({
  entry,
  prepared,
  restore,
  holdDrafts,
  project,
  userId,
  onEscalated,
  onAhead,
  onSubmitted,
  onFailed,
  onRestored,
}: {
  entry: LocalQueueEntry;
  /** The item's draft, already read (null: it has none); undefined: read it now. */
  prepared: Draft | null | undefined;
  /** This item as it was when its submission failed: opened instead of its draft. */
  restore: Restore | null;
  /** Do not save drafts yet: the item was read ahead and is not this tab's until the submission before it commits. */
  holdDrafts: boolean;
  project: ProjectDetail;
  userId: string;
  onEscalated: (message: string) => void;
  /** Submit was pressed and the next item was read ahead: it is shown before the submission commits. */
  onAhead: (next: NextItem) => void;
  /** The item was submitted; `next` is the item this tab claimed (null: none). */
  onSubmitted: (next: NextItem | null, wentAhead: boolean) => void;
  /** The submission failed after the screen had gone ahead: go back to this item (null: none). */
  onFailed: (back: Restore | null) => void;
  /** The item was opened from `restore`. */
  onRestored: () => void;
}) {
  const { syncNow } = useSync();
  const payload = useEditor((s) => s.payload);
  const loadedFor = useEditor((s) => s.itemId);
  const activeLabel = useEditor((s) => s.activeLabel);
  const startedAt = useRef(new Date().toISOString());
  // Why the last submission (or the acknowledgement check) refused; and why the draft cannot be
  // saved. Apart, so a draft saved again does not hide why a submission failed.
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  // An item that opened with labels and is about to be submitted with none: asked first.
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  useItemChange(entry.item.id, () => {
    // Back on an item whose submission failed: why it failed is said on it.
    setSubmitError(restore?.message ?? null);
    setConfirmEmpty(false);
  });
  const item = entry.item;
  const tool = item.kind === 'image' ? 'box' : 'span';
  const toolLabels = offeredLabels(project.labelSchema, tool);
  // A new guideline version must be acknowledged before the next submission.
  const ack = useGuidelineAck(localDb, userId, project.id, project.guideline);
  const ackMessage = `Acknowledge guideline version ${project.guideline.version} before submitting.`;
  useEffect(() => {
    if (!ack.required) setSubmitError((m) => (m === ackMessage ? null : m));
  }, [ack.required, ackMessage]);

  // Restore the draft (or start empty) when the item changes. A layout effect: a draft read
  // ahead (after Submit) is loaded before the first paint, and the previous workspace's unload
  // runs before this load, not after it.
  useLayoutEffect(() => {
    let live = true;
    const open = (draft: Pick<Draft, 'payload' | 'startedAt'> | null | undefined) => {
      startedAt.current = draft?.startedAt ?? new Date().toISOString();
      // A draft wins (the annotator's own work in progress); then their previous answer on an item
      // back for re-annotation (only the affected parts are to redo); else the pre-annotation to correct.
      useEditor.getState().load(item.id, draft?.payload ?? startingAnswer(item) ?? emptyAnnotation());
      if (!useEditor.getState().activeLabel || !toolLabels.some((l) => l.id === useEditor.getState().activeLabel))
        useEditor.getState().setActiveLabel(toolLabels[0]?.id ?? null);
    };
    if (restore) {
      open(restore);
      onRestored();
    } else if (prepared !== undefined) open(prepared);
    else void localDb.drafts.get(itemKey(userId, item.id)).then((draft) => live && open(draft));
    return () => {
      live = false;
      // The store outlives this workspace: coming back to the same item must wait for its draft
      // again, or a hotkey pressed meanwhile would be wiped by the restore.
      useEditor.getState().unload();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [item.id, userId]);

  // What Submit goes on to, read while the annotator works on this item (work/advance.ts).
  const readAhead = useLiveQuery(
    () => peekNext(localDb, userId, project.id, tabId.current, item.id, Date.now()).then((next) => ({ after: item.id, next })),
    [userId, project.id, item.id],
  );

  // The next items' images download and decode now, so the next item paints at once after Submit.
  useEffect(() => {
    if (item.kind === 'image') void preloadNext(localDb, userId, project.id, item.id).catch(() => undefined);
  }, [item.id, item.kind, userId, project.id]);

  // Autosave every change to Dexie: a reload restores the work in progress. Not while the item
  // shown was read ahead and the submission before it has not committed: it is not this tab's yet
  // (another tab may hold it), and should that submission fail, the annotator goes back and the
  // item must open later as it was, its time counted from then. Edits made meanwhile are saved
  // on commit.
  useEffect(() => {
    if (loadedFor !== item.id || holdDrafts) return;
    let live = true;
    saveDraft(localDb, userId, item.id, payload, startedAt.current).then(
      () => live && setSaveError(null),
      (e: unknown) => live && isQuotaError(e) && setSaveError(QUOTA_MESSAGE),
    );
    return () => {
      live = false;
    };
  }, [payload, loadedFor, item.id, userId, holdDrafts]);

  const had = labelCount(startingAnswer(item));
  const submission = useSubmitItem(
    localDb,
    () => tabId.current,
    entry,
    readAhead,
    (id) => peekNext(localDb, userId, project.id, tabId.current, id, Date.now()),
    {
      onAhead,
      onSubmitted: (next, wentAhead) => {
        if (!wentAhead) setSubmitError(null);
        onSubmitted(next, wentAhead);
      },
      onFailed: async (back) => {
        // Going back to the failed item: what was done meanwhile on the item shown ahead (its
        // drafts were held; a submission made on it is dropped) is kept for when it opens again.
        // Kept first, so what the failed item reads ahead once back includes it.
        const editor = useEditor.getState();
        const edited = back && editor.itemId === item.id && back.entry.item.id !== item.id && editor.past.length > 0;
        const kept = edited && (await keepUnsubmitted(localDb, userId, item.id, editor.payload, startedAt.current).catch(() => false));
        onFailed(back && kept ? { ...back, message: `${back.message} ${KEPT_NOTE}` } : back);
      },
      onRefused: setSubmitError,
      isOpen: (id) => useEditor.getState().itemId === id,
    },
  );
  const submit = async (emptyConfirmed = false) => {
    if (submission.submitting || loadedFor !== item.id) return;
    if (ack.required) {
      setSubmitError(ackMessage);
      return;
    }
    if (!emptyConfirmed && had > 0 && labelCount(useEditor.getState().payload) === 0) {
      setConfirmEmpty(true);
      return;
    }
    setConfirmEmpty(false);
    const submitted = await submission.submit({
      userId,
      projectId: project.id,
      itemId: item.id,
      guidelineVersionId: project.guideline.id,
      payload: useEditor.getState().payload,
      startedAt: startedAt.current,
    });
    if (submitted) void syncNow();
  };
  // Until the draft is restored the editor holds the previous item's state: an edit made then
  // would be wiped by the restore, so the editor and its hotkeys wait for it (a few ms).
  const ready = loadedFor === item.id;
  // The image editor stays mounted through the render in which the item changes (its draft,
  // read ahead, is loaded before that render is painted): a new stage per item cost ~30 ms.
  // Only this workspace's own last item counts: another screen's editor (review, gold) may have
  // left its item in the store, and that is not to be shown on this image.
  const hadItem = useRef(false);
  if (ready) hadItem.current = true;
  const showEditor = ready || (item.kind === 'image' && hadItem.current && loadedFor !== null);
  const escalation = useEscalateAction({ item, project, userId, onEscalated, syncNow });
  const layout = useWorkLayout();
  useAnnotateHotkeys(project.labelSchema, item.kind, submit, ready && !escalation.open && !confirmEmpty, escalation.openDialog);

  return (
    <>
      <section className="work" aria-label="Item">
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
          <button
            type="button"
            className="primary"
            onClick={() => void submit()}
            disabled={submission.submitting || ack.required}
            aria-keyshortcuts="Control+Enter"
            title={ack.required ? 'Acknowledge the new guideline version first' : undefined}
          >
            Submit
          </button>
          <button type="button" onClick={escalation.openDialog} disabled={!ready} aria-keyshortcuts="E" aria-haspopup="dialog">
            Escalate
          </button>
          <ItemNavigation db={localDb} userId={userId} projectId={project.id} itemId={item.id} enabled={ready && !escalation.open && !confirmEmpty} />
          <span className="layout-buttons">
            <button
              type="button"
              aria-expanded={layout.guidelineOpen}
              aria-controls="guideline-panel"
              aria-keyshortcuts={LAYOUT_KEYS.guideline.toUpperCase()}
              onClick={layout.toggleGuideline}
            >
              Guideline panel <kbd aria-hidden="true">{LAYOUT_KEYS.guideline.toUpperCase()}</kbd>
            </button>
            <button type="button" aria-pressed={layout.fullScreen} aria-keyshortcuts={LAYOUT_KEYS.fullScreen.toUpperCase()} onClick={layout.toggleFullScreen}>
              Full screen <kbd aria-hidden="true">{LAYOUT_KEYS.fullScreen.toUpperCase()}</kbd>
            </button>
          </span>
          {ready && <ShapeCount />}
        </div>
        {escalation.dialog}
        {confirmEmpty && <ConfirmEmptyDialog had={had} onCancel={() => setConfirmEmpty(false)} onConfirm={() => void submit(true)} />}
        <GuidelineBanner ack={ack} nag={submitError === ackMessage ? submitError : null} />
        {item.reannotation && (
          <p className="reannotation-note" role="status">
            Back for re-annotation: guideline v{item.reannotation.version} changed {item.reannotation.labels.join(', ')}.
          </p>
        )}
        {item.reannotation && ready && <ReannotationList note={item.reannotation} schema={project.labelSchema} />}
        {entry.skipped && (
          <p className="reannotation-note" role="status">
            You skipped this item earlier: “{entry.skipped.reason}”
          </p>
        )}
        {item.preAnnotation && (
          <p className="reannotation-note" role="status">
            Pre-annotated: these labels were suggested by an import. Check, correct or delete each before you submit.
          </p>
        )}
        {item.returnedEscalation && (
          <p className="reannotation-note" role="status">
            Returned by a lead: {item.returnedEscalation.comment}
          </p>
        )}
        {((submitError && submitError !== ackMessage) || saveError) && (
          <p role="alert" className="error-text">
            {submitError && submitError !== ackMessage ? submitError : saveError}
          </p>
        )}
        {!showEditor ? <p>Opening the item…</p> : <ItemEditor item={item} schema={project.labelSchema} />}
      </section>
    </>
  );
}

/** What the item opens with when there is no draft: the previous answer (re-annotation), else the pre-annotation. */
const startingAnswer = (item: QueueItem): AnnotationPayload | null => item.reannotation?.previous ?? item.preAnnotation ?? null;
const labelCount = (p: AnnotationPayload | null) => (p ? p.shapes.length + p.spans.length + p.classes.length : 0);

function ShapeCount() {
  const payload = useEditor((s) => s.payload);
  const n = payload.shapes.length + payload.spans.length;
  return (
    <p className="shape-count" aria-live="polite">
      {n} {n === 1 ? 'label' : 'labels'}
      {payload.classes.length > 0 ? ` · class: ${payload.classes.join(', ')}` : ''}
    </p>
  );
}
