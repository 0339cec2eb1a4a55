// Where a new project's labels can start from: a template, another project, or a dataset's
// category list. Each fills the form; the person edits the result before creating anything.
import { useState } from 'react';
import { DatasetSchemaFormat, type GuidelineSection, type LabelSchema, type ProjectKind } from '../../domain/api/index.ts';
import { useProjects } from '../api/hooks.ts';
import { ApiError } from '../api/http.ts';
import { fetchProject, guessDatasetFormat, schemaFromDataset, useTemplates } from './api.ts';

export interface SchemaStart {
  kind: ProjectKind;
  labelSchema: LabelSchema;
  sections?: GuidelineSection[];
  copySettingsFrom?: string;
  /** What the form says happened ("Labels from the COCO file …"). */
  note: string;
}

const FORMAT_NAMES: Record<DatasetSchemaFormat, string> = {
  coco: 'COCO JSON',
  yolo: 'YOLO names or data.yaml',
  voc: 'VOC labelmap',
  labelstudio: 'Label Studio config XML',
};

export function SchemaSources({ kind, onStart }: { kind: ProjectKind; onStart(start: SchemaStart): void }) {
  const templates = useTemplates();
  const projects = useProjects();
  const [format, setFormat] = useState<DatasetSchemaFormat | 'auto'>('auto');
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(e instanceof ApiError ? e.message : 'That did not work.');

  const applyTemplate = (id: string) => {
    const t = templates.data?.templates.find((x) => x.id === id);
    if (t) onStart({ kind: t.kind, labelSchema: t.labelSchema, sections: t.sections, note: `Labels and guideline from the template “${t.name}”.` });
  };
  const copyProject = async (id: string) => {
    setError(null);
    try {
      const p = await fetchProject(id);
      onStart({
        kind: p.kind,
        labelSchema: p.labelSchema,
        sections: p.guideline.sections,
        copySettingsFrom: p.id,
        note: `Labels, guideline and settings copied from “${p.name}”.`,
      });
    } catch (e) {
      fail(e);
    }
  };
  const importFile = async (file: File) => {
    setError(null);
    try {
      const content = await file.text();
      const chosen = format === 'auto' ? guessDatasetFormat(file.name, content) : format;
      const got = await schemaFromDataset(chosen, content, kind);
      onStart({ kind: got.kind, labelSchema: got.labelSchema, note: [`Labels read from ${file.name} (${FORMAT_NAMES[chosen]}).`, ...got.warnings].join(' ') });
    } catch (e) {
      fail(e);
    }
  };
  const sources = (projects.data?.projects ?? []).filter((p) => p.roles.includes('lead'));

  return (
    <section className="schema-sources" aria-labelledby="schema-sources-title">
      <h2 id="schema-sources-title">Start from</h2>
      <label>
        Template
        <select value="" onChange={(e) => applyTemplate(e.target.value)}>
          <option value="">Choose a template…</option>
          {templates.data?.templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.kind === 'image' ? 'images' : 'text'}) — {t.description}
            </option>
          ))}
        </select>
      </label>
      <label>
        Copy settings from another project
        <select value="" onChange={(e) => e.target.value && void copyProject(e.target.value)}>
          <option value="">Choose a project…</option>
          {sources.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <label>
          Dataset format
          <select value={format} onChange={(e) => setFormat(e.target.value as DatasetSchemaFormat | 'auto')}>
            <option value="auto">Tell from the file</option>
            {DatasetSchemaFormat.options.map((f) => (
              <option key={f} value={f}>
                {FORMAT_NAMES[f]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Import the label list from a dataset file
          <input type="file" accept=".json,.txt,.names,.yaml,.yml,.xml" onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])} />
        </label>
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}
