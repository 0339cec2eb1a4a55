// Adjudication for leads: overlapped items whose annotators tied. One task at a time:
// every annotator's answer side by side (the agreement screen's SideBySide), take one of them as
// the final answer (Alt+1…9) or edit it in the annotators' own editor, and resolve (Ctrl+Enter).
// The resolved answer is what the export writes for the item (server/data/export-final.ts).
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { payloadSummary, type AdjudicationTask, type ProjectDetail } from '../../domain/api/index.ts';
import { useProject } from '../api/hooks.ts';
import { HotkeyDialog, type HotkeyRow } from '../components/HotkeyDialog.tsx';
import { StandaloneEditor, useEditorHolds } from '../editor/StandaloneEditor.tsx';
import { IMAGE_HOTKEYS } from '../editor/image/hotkeys.ts';
import { useEditor } from '../editor/store.ts';
import { TEXT_HOTKEYS } from '../editor/text/textHotkeys.ts';
import '../review/review.css';
import { useAdjudications, useAgreementItem, useResolveAdjudication } from './adjudication-api.ts';
import { SideBySide } from './SideBySide.tsx';

type Show = 'open' | 'resolved';

const ADJUDICATION_HOTKEYS: readonly HotkeyRow[] = [
  { id: 'take', keys: 'Alt+1 … Alt+9', what: 'Take annotator 1…9’s answer as the final answer' },
  { id: 'resolve', keys: 'Ctrl+Enter', what: 'Resolve with the final answer' },
  { id: 'next', keys: 'Alt+↓ / Alt+↑', what: 'Next / previous task' },
  { id: 'help', keys: '?', what: 'Show this list (Escape closes it)' },
];

/** One `?` list: this screen's keys, then the editor's (it edits the final answer), then the labels'. */
function hotkeyRows(project: ProjectDetail): HotkeyRow[] {
  const editor = (project.kind === 'image' ? IMAGE_HOTKEYS : TEXT_HOTKEYS).filter((h) => h.keys !== '?' && h.keys !== 'Ctrl+Enter');
  return [
    ...ADJUDICATION_HOTKEYS,
    ...editor.map((h) => ({ id: `editor:${h.keys}`, keys: h.keys, what: `Final answer: ${h.what}` })),
    ...project.labelSchema.labels.filter((l) => l.hotkey).map((l) => ({ id: `label:${l.id}`, keys: l.hotkey as string, what: `Label: ${l.name}` })),
  ];
}

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || !!t.closest('[role="dialog"]'));
const short = (id: string) => id.slice(-8);

export function AdjudicationScreen() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const tasks = useAdjudications(projectId);
  const [show, setShow] = useState<Show>('open');
  const [picked, setPicked] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [basedOn, setBasedOn] = useState<{ itemId: string; name: string } | null>(null);
  const all = tasks.data?.tasks ?? [];
  const list = all.filter((t) => (show === 'open' ? t.resolved === null : t.resolved !== null));
  const current = list.find((t) => t.itemId === picked) ?? list[0];
  const openCount = all.filter((t) => t.resolved === null).length;

  /** Alt+N: annotator N's answer becomes the final answer, as one undoable edit. */
  const take = (task: AdjudicationTask, i: number) => {
    const a = task.answers[i];
    if (!a || useEditor.getState().itemId !== task.itemId) return;
    useEditor.getState().edit(() => a.payload);
    setBasedOn({ itemId: task.itemId, name: a.displayName });
  };

  // This screen's keys are read BEFORE the editor's (a capture listener on window, registered once,
  // when the screen mounts and so before the editor's): ? opens this screen's list instead of the
  // editor's own, and Alt+digits are not label keys here. The handler reads fresh state via a ref.
  const onKeyRef = useRef<(e: KeyboardEvent) => void>(() => {});
  onKeyRef.current = (e: KeyboardEvent) => {
    if (help && e.key === 'Escape') return (e.preventDefault(), e.stopImmediatePropagation(), setHelp(false));
    if (typing(e.target) || e.defaultPrevented || e.ctrlKey || e.metaKey) return;
    const digit = e.altKey ? /^Digit([1-9])$/.exec(e.code) : null;
    if (e.key === '?') setHelp(true);
    else if (digit && current) take(current, Number(digit[1]) - 1);
    else if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp') && list.length > 0) {
      const at = Math.max(
        0,
        list.findIndex((t) => t.itemId === current?.itemId),
      );
      setPicked(list[(at + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length]!.itemId);
    } else return;
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => onKeyRef.current(e);
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  if (project.error) return <p role="alert">{project.error.message}</p>;
  if (!project.data) return <p>Loading…</p>;
  return (
    <main className="review">
      <header className="annotate-bar">
        <h1>{project.data.name}: adjudication</h1>
        <span aria-label="Open adjudication tasks">{tasks.data ? `${openCount} open` : ''}</span>
        <Link to={`/projects/${projectId}/agreement`}>Agreement</Link>
        <button type="button" onClick={() => setHelp(true)} aria-keyshortcuts="?">
          Keyboard shortcuts
        </button>
      </header>
      <p className="muted">Items whose annotators tied. Your answer is the one exported for the item.</p>
      <div className="review-layout">
        <nav className="review-list" aria-label="Adjudication tasks">
          <label>
            Show{' '}
            <select value={show} onChange={(e) => (setShow(e.target.value as Show), setPicked(null))}>
              <option value="open">waiting for a decision</option>
              <option value="resolved">resolved</option>
            </select>
          </label>
          {tasks.error && <p role="alert">{tasks.error.message}</p>}
          {tasks.data && list.length === 0 && <p>{show === 'open' ? 'No ties waiting for a decision.' : 'None resolved yet.'}</p>}
          <ul>
            {list.map((t) => (
              <li key={t.itemId}>
                <button type="button" aria-current={t.itemId === current?.itemId ? 'true' : undefined} onClick={() => setPicked(t.itemId)}>
                  <span>Item …{short(t.itemId)}</span> <span className="muted">{t.tiedLabels.length ? `tied: ${t.tiedLabels.join(', ')}` : 'tied'}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        {current && (
          <AdjudicationWorkspace
            key={`${current.itemId}:${current.resolved?.resolvedAt ?? ''}`}
            task={current}
            project={project.data}
            basedOn={basedOn?.itemId === current.itemId ? basedOn.name : null}
            onTake={(i) => take(current, i)}
            onDone={() => setPicked(null)}
          />
        )}
      </div>
      <HotkeyDialog open={help} rows={hotkeyRows(project.data)} onClose={() => setHelp(false)} />
    </main>
  );
}

function AdjudicationWorkspace({
  task,
  project,
  basedOn,
  onTake,
  onDone,
}: {
  task: AdjudicationTask;
  project: ProjectDetail;
  basedOn: string | null;
  onTake: (i: number) => void;
  onDone: () => void;
}) {
  const item = useAgreementItem(project.id, task.itemId);
  const resolve = useResolveAdjudication(project.id);
  const ready = useEditorHolds(task.itemId);
  const schema = project.labelSchema;
  const startedFrom = task.resolved ? 'your earlier decision' : (task.answers[0]?.displayName ?? 'an empty answer');
  const send = () => {
    if (!ready || resolve.isPending) return;
    resolve.mutate({ itemId: task.itemId, payload: useEditor.getState().payload }, { onSuccess: onDone });
  };
  if (item.error) return <p role="alert">{item.error.message}</p>;
  if (!item.data) return <p>Loading the item…</p>;
  return (
    <section className="review-work" aria-label="Adjudication task">
      <p className="review-meta">
        {task.resolved ? (
          <>Resolved {new Date(task.resolved.resolvedAt).toLocaleString()} — you can change the decision.</>
        ) : (
          <>The annotators tied{task.tiedLabels.length ? ` on ${task.tiedLabels.join(', ')}` : ''}.</>
        )}
      </p>
      <h2>Annotators’ answers</h2>
      <SideBySide item={item.data} />
      <ul aria-label="Take an annotator's answer" className="adjudication-take">
        {task.answers.map((a, i) => (
          <li key={a.annotatorId}>
            <button type="button" onClick={() => onTake(i)} aria-keyshortcuts={i < 9 ? `Alt+${i + 1}` : undefined} disabled={!ready}>
              Take {a.displayName}’s answer
            </button>{' '}
            <span className="muted">{payloadSummary(a.payload, schema)}</span>
          </li>
        ))}
      </ul>
      <h2>Final answer</h2>
      <p aria-live="polite">Based on {basedOn ?? startedFrom}; edit it below if neither annotator is right.</p>
      <StandaloneEditor
        item={{ id: task.itemId, projectId: project.id, kind: project.kind, image: item.data.image, text: item.data.text }}
        schema={schema}
        initial={task.resolved?.payload ?? task.answers[0]?.payload ?? { shapes: [], spans: [], classes: [] }}
        onSave={send}
        actions={
          <button type="button" className="primary" onClick={send} aria-keyshortcuts="Control+Enter" disabled={!ready || resolve.isPending}>
            Resolve with this answer
          </button>
        }
      />
      {resolve.error && (
        <p role="alert" className="error-text">
          {resolve.error.message}
        </p>
      )}
    </section>
  );
}
