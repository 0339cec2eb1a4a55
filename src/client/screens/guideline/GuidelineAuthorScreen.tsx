import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import type { GuidelineSection, GuidelineVersion, PublishRequest, SchemaChange } from '../../../domain/api/index.ts';
import { useProject } from '../../api/hooks.ts';
import { GuidelinePanel } from '../../components/GuidelinePanel.tsx';
import { discardDraft, publishDraft, saveDraft, useDraft } from '../../guideline/authoring.ts';
import { ProposalInbox } from '../../guideline/ProposalInbox.tsx';
import { DraftEditor } from './DraftEditor.tsx';
import { HistoryView } from './HistoryView.tsx';
import { LabelChangesPanel } from './LabelChangesPanel.tsx';
import { PublishDialog } from './PublishDialog.tsx';

type Tab = 'edit' | 'labels' | 'preview' | 'history' | 'inbox';
const TAB_NAMES: Record<Tab, string> = { edit: 'Edit draft', labels: 'Label changes', preview: 'Preview', history: 'History', inbox: 'Inbox' };

/** The author's guideline screen: edit the draft, preview it as annotators see it, publish, history. */
export function GuidelineAuthorScreen() {
  const { projectId = '' } = useParams();
  const qc = useQueryClient();
  const project = useProject(projectId);
  const draft = useDraft(projectId);
  const [tab, setTab] = useState<Tab>('edit');
  const [sections, setSections] = useState<GuidelineSection[] | null>(null);
  const [changes, setChanges] = useState<SchemaChange[]>([]);
  const [dirty, setDirty] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [focus, setFocus] = useState<string | null>(null);

  useEffect(() => {
    if (draft.data && !dirty) {
      setSections(draft.data.sections);
      setChanges(draft.data.schemaChanges ?? []);
    }
  }, [draft.data, dirty]);

  if (project.error) return <p role="alert">{project.error.message}</p>;
  if (draft.error) return <p role="alert">{draft.error.message}</p>;
  if (!project.data || !draft.data || !sections) return <p>Loading…</p>;
  const p = project.data;
  const d = draft.data;

  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ error: false, text: await what() });
    } catch (e) {
      setMessage({ error: true, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  const refresh = async () => {
    setDirty(false);
    await qc.invalidateQueries({ queryKey: ['guideline-draft', projectId] });
    await qc.invalidateQueries({ queryKey: ['project', projectId] });
    await qc.invalidateQueries({ queryKey: ['guideline-versions', projectId] });
  };
  const save = () =>
    run(async () => {
      await saveDraft(projectId, d.baseVersionId, sections, changes);
      await refresh();
      return 'Draft saved.';
    });
  const publish = (req: Omit<PublishRequest, 'baseVersionId'>) =>
    run(async () => {
      await saveDraft(projectId, d.baseVersionId, sections, changes);
      const res = await publishDraft(projectId, { ...req, baseVersionId: d.baseVersionId });
      setPublishing(false);
      await refresh();
      const back =
        res.version.kind === 'label_change'
          ? ` ${res.reannotation.annotations} label(s) went back for re-annotation; ${res.reannotation.goldDeactivated} gold answer(s) left scoring.`
          : '';
      return `Published version ${res.version.version}.${back}`;
    });
  const preview: GuidelineVersion = { ...p.guideline, id: p.guideline.id, version: `${d.baseVersion} (draft)`, sections };

  return (
    <main className="guideline-author">
      <h1>Guideline — {p.name}</h1>
      <p>
        Current version <strong>v{p.guideline.version}</strong>.{' '}
        {d.updatedAt
          ? `Your draft was saved ${new Date(d.updatedAt).toLocaleString()}, based on v${d.baseVersion}.`
          : 'No saved draft: you are editing a copy of the current version.'}
      </p>
      {d.stale && (
        <div role="alert" className="guideline-banner">
          A newer version (v{p.guideline.version}) was published after you started this draft from v{d.baseVersion}. It cannot be saved or published.{' '}
          <button
            type="button"
            onClick={() => run(async () => (await discardDraft(projectId), await refresh(), 'Draft discarded; you are editing the current version.'))}
          >
            Discard my draft and start from v{p.guideline.version}
          </button>
        </div>
      )}
      <div className="tabs">
        {/* Tabs say which is shown with aria-selected (aria-pressed is for toggle buttons); the tablist holds tabs only. */}
        <div role="tablist" aria-label="Guideline views" className="tab-row">
          {(Object.keys(TAB_NAMES) as Tab[]).map((t) => (
            <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
              {TAB_NAMES[t]}
            </button>
          ))}
        </div>
        <span style={{ flex: 1 }} />
        <button type="button" disabled={busy || d.stale} onClick={() => void save()}>
          Save draft
        </button>
        <button type="button" className="primary" disabled={busy || d.stale} onClick={() => setPublishing(true)}>
          Publish…
        </button>
      </div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : ''}>
          {message.text}
        </p>
      )}
      {publishing && (
        <PublishDialog
          projectId={projectId}
          labels={p.labelSchema.labels}
          changes={changes}
          currentVersion={p.guideline.version}
          busy={busy}
          onCancel={() => setPublishing(false)}
          onPublish={(r) => void publish(r)}
        />
      )}
      {tab === 'edit' && (
        <DraftEditor
          sections={sections}
          labels={p.labelSchema.labels}
          onChange={(next) => {
            setSections(next);
            setDirty(true);
          }}
        />
      )}
      {tab === 'labels' && (
        <LabelChangesPanel
          schema={p.labelSchema}
          changes={changes}
          disabled={d.stale}
          onChange={(next) => {
            setChanges(next);
            setDirty(true);
          }}
        />
      )}
      {tab === 'preview' && (
        <div>
          <label>
            As an annotator with this label selected:{' '}
            <select value={focus ?? ''} onChange={(e) => setFocus(e.target.value || null)}>
              <option value="">(none)</option>
              {p.labelSchema.labels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          <div className="preview">
            <div />
            <GuidelinePanel guideline={preview} focusLabel={focus} projectId={projectId} />
          </div>
        </div>
      )}
      {tab === 'history' && <HistoryView projectId={projectId} />}
      {tab === 'inbox' && <ProposalInbox projectId={projectId} />}
    </main>
  );
}
