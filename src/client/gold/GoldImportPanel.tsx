// Import gold answers from a file (COCO JSON for image projects, JSONL for text projects) and
// show the importer's report entry by entry.
import { useState } from 'react';
import type { GoldImportMode, GoldImportReport, ProjectKind } from '../../domain/api/index.ts';
import { useGoldImport } from './api.ts';

export function GoldImportPanel({ projectId, kind }: { projectId: string; kind: ProjectKind }) {
  const run = useGoldImport(projectId);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<GoldImportMode>('all_or_nothing');
  const [readError, setReadError] = useState<string | null>(null);
  const format = kind === 'image' ? 'coco' : 'jsonl';

  const submit = async () => {
    if (!file) return;
    setReadError(null);
    const text = await file.text();
    if (format === 'jsonl') return run.mutate({ format, mode, jsonl: text });
    try {
      run.mutate({ format, mode, coco: JSON.parse(text) as unknown });
    } catch {
      setReadError(`${file.name} is not JSON.`);
    }
  };

  return (
    <section className="gold-import" aria-labelledby="gold-import-title">
      <h2 id="gold-import-title">Import gold answers</h2>
      <p className="muted">
        {format === 'coco'
          ? 'A COCO instances JSON: images are matched to items by file name, categories to labels by id or name.'
          : 'A JSONL file: one {"itemId" or "text", "spans": [[start, end, label]] in code points, "class"} per line.'}{' '}
        Answers are tied to the current guideline version.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          File{' '}
          <input
            type="file"
            accept={format === 'coco' ? '.json,application/json' : '.jsonl,.ndjson,.txt'}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <fieldset>
          <legend>If some entries have problems</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'all_or_nothing'} onChange={() => setMode('all_or_nothing')} /> import nothing
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'valid_only'} onChange={() => setMode('valid_only')} /> import the valid ones
          </label>
        </fieldset>
        <button type="submit" className="primary" disabled={!file || run.isPending}>
          {run.isPending ? 'Importing…' : 'Import'}
        </button>
      </form>
      {(readError ?? run.error) && (
        <p role="alert" className="error-text">
          {readError ?? run.error?.message}
        </p>
      )}
      {run.data && <ImportReport report={run.data} />}
    </section>
  );
}

function ImportReport({ report }: { report: GoldImportReport }) {
  const flagged = report.entries.filter((e) => e.problems.length > 0 || e.warnings.length > 0);
  return (
    <div className="import-report" role="status">
      <p>
        <strong>{report.committed ? `Imported ${report.imported} new, replaced ${report.replaced}` : 'Nothing was imported'}</strong>
        {report.invalid > 0 && ` · ${report.invalid} entr${report.invalid === 1 ? 'y has' : 'ies have'} problems`} · guideline {report.guidelineVersion}
      </p>
      {report.unmapped.length > 0 && <p>Did not map to a label: {report.unmapped.map((u) => `${u.source} (${u.uses}×)`).join(', ')}</p>}
      {report.problems.length > 0 && (
        <ul>
          {report.problems.map((p, i) => (
            <li key={i}>
              {p.path}: {p.message}
            </li>
          ))}
        </ul>
      )}
      {flagged.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">Source</th>
              <th scope="col">Status</th>
              <th scope="col">Problems and warnings</th>
            </tr>
          </thead>
          <tbody>
            {flagged.map((e) => (
              <tr key={e.entry}>
                <td>{e.entry}</td>
                <td>{e.ref}</td>
                <td>{e.status.replace('_', ' ')}</td>
                <td>
                  {[...e.problems.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`), ...e.warnings.map((w) => `note: ${w}`)].map((t, i) => (
                    <div key={i}>{t}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
