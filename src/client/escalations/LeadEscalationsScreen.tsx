// The lead's escalation queue: filter the project's escalations, pick one (J/K), see
// the item with the annotator's tentative labels in the editor, and resolve (R) or return it
// (Shift+R). Look-alikes can be checked (X, or "Check look-alikes") and decided together.
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { LeadEscalation } from '../../domain/api/index.ts';
import { ageText, lookAlikes } from '../../domain/escalations/queue.ts';
import { REASON_TEXT } from '../../domain/escalations/rules.ts';
import { useProject } from '../api/hooks.ts';
import { HotkeyDialog } from '../components/HotkeyDialog.tsx';
import { ProposeChangeDialog } from '../guideline/ProposeChangeDialog.tsx';
import { useLeadEscalations, type Filters } from './api.ts';
import { EscalationFilters } from './EscalationFilters.tsx';
import { EscalationWorkspace, type WorkspaceHandle } from './EscalationWorkspace.tsx';
import { QUEUE_HOTKEYS, useQueueHotkeys } from './queueHotkeys.ts';
import './escalations.css';

const rowText = (e: LeadEscalation) => `${e.annotator.name}, ${REASON_TEXT[e.reason].toLowerCase()}, waiting ${ageText(e.ageHours)}`;

export function LeadEscalationsScreen() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const [filters, setFilters] = useState<Filters>({ status: 'open' });
  const list = useLeadEscalations(projectId, filters);
  const [picked, setPicked] = useState<string | null>(null);
  const [checked, setChecked] = useState<string[]>([]);
  const [helpOpen, setHelpOpen] = useState(false);
  // A guideline change proposed from here goes to the author's inbox, linked to these escalations.
  const [proposing, setProposing] = useState<string[] | null>(null);
  const [proposed, setProposed] = useState(false);
  const workspace = useRef<WorkspaceHandle>(null);
  const rows = list.data?.escalations ?? [];
  const current = rows.find((r) => r.id === picked) ?? rows[0];
  const at = current ? rows.indexOf(current) : -1;
  // Checked ones that are still on screen and open (a refetch may have dropped some).
  const bulk = checked.filter((id) => rows.some((r) => r.id === id && r.status === 'open'));

  const go = (step: 1 | -1) => {
    const next = rows[at + step];
    if (next) setPicked(next.id);
  };
  const toggle = (id: string) => setChecked((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const onDecided = (ids: string[]) => {
    // Move on to the first escalation after the current one that is still undecided.
    const after = [...rows.slice(at + 1), ...rows.slice(0, at)].find((r) => !ids.includes(r.id));
    setPicked(after?.id ?? null);
    setChecked((c) => c.filter((x) => !ids.includes(x)));
  };
  useQueueHotkeys(project.data?.labelSchema, {
    next: () => go(1),
    prev: () => go(-1),
    resolve: () => workspace.current?.resolve(),
    ret: () => workspace.current?.ret(),
    toggleCheck: () => current?.status === 'open' && toggle(current.id),
    helpOpen,
    setHelpOpen,
  });

  if (project.error) return <p role="alert">{project.error.message}</p>;
  if (!project.data) return <p>Loading…</p>;
  const nameOf = (id: string) => {
    const e = rows.find((r) => r.id === id);
    return e ? `${e.annotator.name}’s escalation (${REASON_TEXT[e.reason].toLowerCase()})` : id;
  };
  return (
    <main className="lead-escalations">
      <header className="annotate-bar">
        <h1>{project.data.name}: escalations</h1>
        <span aria-label="Open escalations">{list.data ? `${list.data.open} open` : ''}</span>
        <button type="button" onClick={() => setHelpOpen(true)} aria-keyshortcuts="H">
          Queue shortcuts
        </button>
        <Link to={`/projects/${projectId}/dashboard`}>Dashboard</Link>
      </header>
      <EscalationFilters
        value={filters}
        onChange={(f) => (setFilters(f), setPicked(null), setChecked([]))}
        schema={project.data.labelSchema}
        annotators={list.data?.annotators ?? []}
      />
      <div className="lead-escalations-layout">
        <nav className="lead-escalation-list" aria-label="Escalations">
          {list.error && <p role="alert">{list.error.message}</p>}
          {list.data && rows.length === 0 && <p>{filters.status === 'open' ? 'No open escalations match these filters.' : 'None match these filters.'}</p>}
          {current && (
            <p className="bulk-bar">
              <button type="button" onClick={() => (setProposed(false), setProposing(bulk.length > 0 ? bulk : [current.id]))}>
                Propose guideline change
              </button>
              {proposed && <span role="status"> Sent to the guideline author’s inbox.</span>}
            </p>
          )}
          {current?.status === 'open' && (
            <p className="bulk-bar">
              <button type="button" onClick={() => setChecked(lookAlikes(rows, current))}>
                Check look-alikes
              </button>{' '}
              {bulk.length > 0 && (
                <>
                  <span role="status">{bulk.length} checked</span>{' '}
                  <button type="button" onClick={() => setChecked([])}>
                    Uncheck all
                  </button>
                </>
              )}
            </p>
          )}
          <ul>
            {rows.map((r) => (
              <li key={r.id}>
                {r.status === 'open' && (
                  <input
                    type="checkbox"
                    checked={checked.includes(r.id)}
                    onChange={() => toggle(r.id)}
                    aria-label={`Check for a bulk decision: ${rowText(r)}`}
                  />
                )}
                <button type="button" aria-current={r.id === current?.id ? 'true' : undefined} onClick={() => setPicked(r.id)} aria-label={rowText(r)}>
                  <strong>{r.annotator.name}</strong>
                  <span className="muted">
                    {' · '}
                    {REASON_TEXT[r.reason]} · {ageText(r.ageHours)}
                  </span>
                  {r.note && <span className="list-note">{r.note}</span>}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        {current && (
          <EscalationWorkspace
            key={current.id}
            ref={workspace}
            escalation={current}
            project={project.data}
            checked={bulk}
            nameOf={nameOf}
            onDecided={onDecided}
          />
        )}
      </div>
      <HotkeyDialog open={helpOpen} rows={QUEUE_HOTKEYS} onClose={() => setHelpOpen(false)} />
      {proposing && <ProposeChangeDialog projectId={projectId} escalationIds={proposing} onDone={(created) => (setProposing(null), setProposed(!!created))} />}
    </main>
  );
}
