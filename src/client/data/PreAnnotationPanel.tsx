// Import labels as pre-annotations: COCO (image projects) or JSONL (text projects), with the
// report of what did not map to the project's labels and what failed validation.
import { useState } from 'react';
import { PreAnnotationImportReport, type ItemImportMode, type ProjectKind } from '../../domain/api/index.ts';
import { api, ApiError } from '../api/http.ts';

export function PreAnnotationPanel({ projectId, kind }: { projectId: string; kind: ProjectKind }) {
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ItemImportMode>('all_or_nothing');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<PreAnnotationImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const format = kind === 'image' ? 'coco' : 'jsonl';

  const submit = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const text = await file.text();
      const body = format === 'coco' ? { mode, coco: JSON.parse(text) as unknown } : { mode, jsonl: text };
      setReport(await api(`/api/projects/${projectId}/pre-annotations/import/${format}`, PreAnnotationImportReport, { method: 'POST', body }));
    } catch (e) {
      // A refused all-or-nothing import still carries its report.
      const details = e instanceof ApiError ? PreAnnotationImportReport.safeParse(e.details) : undefined;
      if (details?.success) setReport(details.data);
      setError(e instanceof SyntaxError ? `${file.name} is not JSON.` : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const bad = report?.entries.filter((e) => e.status === 'invalid') ?? [];
  return (
    <section className="data-panel" aria-labelledby="pre-title">
      <h2 id="pre-title">Import labels as pre-annotations</h2>
      <p className="muted">
        {format === 'coco' ? 'A COCO instances JSON: images matched by file name, categories to labels by id or name.' : 'A JSONL file: {"itemId" or "text", "spans": [[start, end, label]], "class"} per line.'}
      </p>
      <p className="muted">
        Annotators start each item from its pre-annotation and correct it. Gold items show theirs like any other item, so import
        pre-annotations for the whole project (or none): if only live items had them, their absence would mark the gold.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Labels file <input type="file" accept={format === 'coco' ? '.json,application/json' : '.jsonl,.ndjson,.txt'} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <fieldset>
          <legend>If some entries have problems</legend>
          <label>
            <input type="radio" name="pre-mode" checked={mode === 'all_or_nothing'} onChange={() => setMode('all_or_nothing')} /> import nothing
          </label>
          <label>
            <input type="radio" name="pre-mode" checked={mode === 'valid_only'} onChange={() => setMode('valid_only')} /> import the valid ones
          </label>
        </fieldset>
        <button type="submit" disabled={!file || busy}>
          {busy ? 'Importing…' : 'Import labels'}
        </button>
      </form>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {report && (
        <div role="status" aria-label="Label import report">
          <p>
            {report.committed ? `${report.imported} imported, ${report.replaced} replaced` : 'Nothing was imported'}; {report.invalid} with problems.
            {report.unmapped.length > 0 && ` Not mapped to a label: ${report.unmapped.map((u) => `${u.source} (${u.uses}×)`).join(', ')}.`}
          </p>
          {bad.length > 0 && (
            <ul>
              {bad.slice(0, 200).map((e) => (
                <li key={e.entry}>
                  {e.ref}: {e.problems.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`).join('; ')}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
