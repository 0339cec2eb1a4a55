// Import items: images (upload, or a folder on the server) into image projects, texts (JSONL or
// CSV) into text projects; the person chooses what happens when some entries are bad.
import { useState } from 'react';
import type { ItemImportMode, ItemImportReport, ProjectKind } from '../../domain/api/index.ts';
import { importFolder, importText, uploadImages } from './api.ts';

export function ImportPanel({ projectId, kind }: { projectId: string; kind: ProjectKind }) {
  const [files, setFiles] = useState<File[]>([]);
  const [folder, setFolder] = useState('');
  const [mode, setMode] = useState<ItemImportMode>('all_or_nothing');
  const [progress, setProgress] = useState<{ label: string; value: number; max: number } | null>(null);
  const [report, setReport] = useState<ItemImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = progress !== null;

  const run = async (what: () => Promise<ItemImportReport>) => {
    setError(null);
    setReport(null);
    setProgress({ label: 'Starting', value: 0, max: 1 });
    try {
      setReport(await what());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setProgress(null);
    }
  };

  const uploadFiles = () =>
    run(async () => {
      if (kind === 'image') return uploadImages(projectId, files, mode, (f) => setProgress({ label: 'Uploading and checking images', value: Math.round(f * 100), max: 100 }));
      const file = files[0]!;
      const format = /\.csv$/i.test(file.name) ? 'csv' : 'jsonl';
      setProgress({ label: `Reading ${file.name}`, value: 0, max: 1 });
      return importText(projectId, format, await file.text(), mode);
    });

  return (
    <section className="data-panel" aria-labelledby="import-title">
      <h2 id="import-title">Import items</h2>
      <p className="muted">
        {kind === 'image'
          ? 'JPEG, PNG or WebP images (checked by their content, up to 50 MB each). The same image twice is imported once.'
          : 'A JSONL file ({"text": …, "meta": {…}} per line) or a CSV file with a "text" column; other columns are kept as metadata. The same text twice is imported once.'}
      </p>
      <fieldset>
        <legend>If some entries have problems</legend>
        <label>
          <input type="radio" name="import-mode" checked={mode === 'all_or_nothing'} onChange={() => setMode('all_or_nothing')} /> import nothing
        </label>
        <label>
          <input type="radio" name="import-mode" checked={mode === 'valid_only'} onChange={() => setMode('valid_only')} /> import the valid ones
        </label>
      </fieldset>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void uploadFiles();
        }}
      >
        <label>
          {kind === 'image' ? 'Images' : 'Text file (JSONL or CSV)'}{' '}
          <input type="file" multiple={kind === 'image'} accept={kind === 'image' ? 'image/jpeg,image/png,image/webp' : '.jsonl,.ndjson,.csv,.txt'} onChange={(e) => setFiles([...(e.target.files ?? [])])} />
        </label>
        <button type="submit" className="primary" disabled={files.length === 0 || busy}>
          {kind === 'image' ? 'Upload images' : 'Import texts'}
        </button>
      </form>
      {kind === 'image' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => importFolder(projectId, folder, mode, (n, total) => setProgress({ label: 'Importing from the server folder', value: n, max: Math.max(total, 1) })));
          }}
        >
          <label>
            Server folder (inside the import root) <input type="text" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="batch-2026-01" />
          </label>
          <button type="submit" disabled={folder.trim() === '' || busy}>
            Import folder
          </button>
        </form>
      )}
      {progress && (
        <p>
          <label>
            {progress.label} <progress aria-label="Import progress" value={progress.value} max={progress.max} /> {progress.max > 1 && `${progress.value} / ${progress.max}`}
          </label>
        </p>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {report && <ImportReportView report={report} />}
    </section>
  );
}

function ImportReportView({ report }: { report: ItemImportReport }) {
  return (
    <div role="status" aria-label="Import report">
      <p>
        <strong>{report.committed ? `Imported ${report.imported} of ${report.total}.` : 'Nothing was imported.'}</strong> {report.duplicates} duplicate{report.duplicates === 1 ? '' : 's'}, {report.invalid} with problems
        {!report.committed && report.invalid > 0 && report.mode === 'all_or_nothing' ? ' — fix them, or choose “import the valid ones”.' : '.'}
      </p>
      {report.issues.length > 0 && (
        <table className="gold-table">
          <caption className="muted">What needs your attention</caption>
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">Outcome</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {report.issues.slice(0, 500).map((i, k) => (
              <tr key={k}>
                <td>{i.ref}</td>
                <td>{i.status === 'duplicate' ? 'duplicate, skipped' : 'not imported'}</td>
                <td>{i.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
