// /projects/new (administrators): name, kind, labels (from scratch, a template, another project or
// a dataset file) and the first guideline version. The creator becomes the project's lead.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { GuidelineSection, ProjectKind } from '../../domain/api/index.ts';
import { ApiError } from '../api/http.ts';
import { isValidSchema, LabelSchemaEditor } from '../schema/LabelSchemaEditor.tsx';
import { emptySchema, type LabelSchemaDraft } from '../schema/schemaDraft.ts';
import { useCreateProject } from './api.ts';
import { SchemaSources, type SchemaStart } from './SchemaSources.tsx';
import './new-project.css';

/** The first guideline version: the sections a start brought, then the text typed here. */
export function firstGuideline(sections: readonly GuidelineSection[], text: string): GuidelineSection[] {
  const typed = text.trim() === '' ? [] : [{ id: 'overview', kind: 'definition' as const, title: 'Overview', body: text.trim(), labels: [] }];
  return [...typed, ...sections.filter((s) => !typed.some((t) => t.id === s.id))];
}

export function NewProjectScreen() {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ProjectKind>('image');
  const [schema, setSchema] = useState<LabelSchemaDraft>(emptySchema);
  const [sections, setSections] = useState<GuidelineSection[]>([]);
  const [guideline, setGuideline] = useState('');
  const [copyFrom, setCopyFrom] = useState<string | undefined>();
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = useCreateProject();
  const navigate = useNavigate();

  const start = (s: SchemaStart) => {
    setKind(s.kind);
    setSchema(s.labelSchema);
    setSections(s.sections ?? []);
    setCopyFrom(s.copySettingsFrom);
    setNote(s.note);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!isValidSchema(schema)) return setError('The labels are not ready yet: see the messages beside them.');
    create.mutate(
      { name, kind, labelSchema: schema, guideline: { sections: firstGuideline(sections, guideline) }, ...(copyFrom ? { copySettingsFrom: copyFrom } : {}) },
      {
        onSuccess: (p) => navigate(`/projects/${p.id}/data`),
        onError: (err) => setError(err instanceof ApiError ? err.message : 'Creating the project failed.'),
      },
    );
  };

  return (
    <main className="new-project">
      <h1>New project</h1>
      <form onSubmit={submit} aria-label="New project">
        <label>
          Project name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        </label>
        <fieldset className="kind">
          <legend>Kind</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'image'} onChange={() => setKind('image')} /> Images (boxes, polygons, classes)
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'text'} onChange={() => setKind('text')} /> Text (spans, document classes)
          </label>
        </fieldset>
        <SchemaSources kind={kind} onStart={start} />
        {note && (
          <p role="status" className="start-note">
            {note}
          </p>
        )}
        <LabelSchemaEditor value={schema} onChange={setSchema} kind={kind} />
        <section aria-labelledby="first-guideline-title">
          <h2 id="first-guideline-title">Guideline, version 1.0</h2>
          {sections.length > 0 && <p className="muted">{sections.length} sections come with the start you chose; authors edit them later.</p>}
          <label>
            Guideline text (Markdown)
            <textarea rows={6} value={guideline} onChange={(e) => setGuideline(e.target.value)} />
          </label>
        </section>
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={create.isPending}>
            Create project
          </button>
          <Link to="/">Cancel</Link>
        </div>
      </form>
    </main>
  );
}
