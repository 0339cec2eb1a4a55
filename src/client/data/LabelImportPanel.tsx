// Import labels from another tool: choose the format and what they become (pre-annotations, gold
// answers, or the project's starting labels), pick the files or a whole folder (paths are kept:
// items are matched by relative path), and read the report by file and line. The Data screen lets
// the user choose the target; the Gold set screen fixes it to gold answers (same route, same report).
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { LabelImportReport, type ItemImportMode, type LabelImportTarget, type ProjectKind } from '../../domain/api/index.ts';
import { IMPORT_FORMAT_KIND, type LabelImportFormat } from '../../domain/import/labels/index.ts';
import { api, ApiError } from '../api/http.ts';
import './data.css';

const NAMES: Record<LabelImportFormat, string> = {
  coco: 'COCO instances JSON',
  yolo: 'YOLO (Ultralytics or Darknet: labels + data.yaml / obj.names / classes.txt)',
  voc: 'Pascal VOC XML',
  cvat: 'CVAT for images XML 1.1',
  'label-studio': 'Label Studio JSON',
  labelme: 'LabelMe JSON',
  conll: 'CoNLL-2003',
  spacy: 'spaCy JSONL',
  touchstone: 'Touchstone JSONL',
};
const TARGETS: Array<{ id: LabelImportTarget; name: string }> = [
  { id: 'pre-annotations', name: 'pre-annotations (annotators start from them)' },
  { id: 'labels', name: "the project's starting labels (revisions by you)" },
  { id: 'gold', name: 'gold answers' },
];

export function LabelImportPanel({ projectId, kind, fixedTarget }: { projectId: string; kind: ProjectKind; fixedTarget?: LabelImportTarget }) {
  const formats = (Object.keys(NAMES) as LabelImportFormat[]).filter((f) => IMPORT_FORMAT_KIND[f] === 'both' || IMPORT_FORMAT_KIND[f] === kind);
  const qc = useQueryClient();
  const [format, setFormat] = useState<LabelImportFormat>(formats[0]!);
  const [chosenTarget, setTarget] = useState<LabelImportTarget>('pre-annotations');
  const target = fixedTarget ?? chosenTarget;
  const [justification, setJustification] = useState('');
  const [mode, setMode] = useState<ItemImportMode>('all_or_nothing');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<LabelImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      // A folder pick keeps the folders (webkitRelativePath): items are matched by relative path.
      const body = {
        format,
        as: target,
        mode,
        ...(target === 'gold' && justification.trim() ? { justification: justification.trim() } : {}),
        files: await Promise.all(files.map(async (f) => ({ path: f.webkitRelativePath || f.name, content: await f.text() }))),
      };
      setReport(await api(`/api/projects/${projectId}/labels/import`, LabelImportReport, { method: 'POST', body }));
      if (target === 'gold') {
        void qc.invalidateQueries({ queryKey: ['gold-set', projectId] });
        void qc.invalidateQueries({ queryKey: ['gold-items', projectId] });
      }
    } catch (e) {
      const details = e instanceof ApiError ? LabelImportReport.safeParse(e.details) : undefined;
      if (details?.success) setReport(details.data);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="data-panel" aria-labelledby="label-import-title">
      <h2 id="label-import-title">{fixedTarget === 'gold' ? 'Import gold answers' : 'Import labels from another tool'}</h2>
      <p className="muted">
        Items are matched by their path relative to the upload (train/x.jpg and val/x.jpg are two items). Boxes up to 1 px past the edge are clamped; anything else that does not fit is left out and listed below. Crowd regions and masks are kept as ignore regions, which gold scoring leaves out.
      </p>
      {target === 'pre-annotations' && (
        <p className="muted">
          Annotators start each item from its pre-annotation and correct it. Gold items show theirs like any other item, so import pre-annotations for the whole project (or none): if only live items had them, their absence would mark the gold.
        </p>
      )}
      {target === 'gold' && <p className="muted">Gold answers are tied to the current guideline version.</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Label file format{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value as LabelImportFormat)}>
            {formats.map((f) => (
              <option key={f} value={f}>
                {NAMES[f]}
              </option>
            ))}
          </select>
        </label>{' '}
        {!fixedTarget && (
          <label>
            Import as{' '}
            <select value={target} onChange={(e) => setTarget(e.target.value as LabelImportTarget)}>
              {TARGETS.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {target === 'gold' && (
          <label>
            Why these answers are right <input value={justification} maxLength={2000} placeholder="imported" onChange={(e) => setJustification(e.target.value)} />
          </label>
        )}
        <label>
          Label files <input type="file" multiple onChange={(e) => setFiles([...(e.target.files ?? [])])} />
        </label>
        <label>
          Or a folder <input type="file" aria-label="Label folder" {...{ webkitdirectory: '' }} onChange={(e) => setFiles([...(e.target.files ?? [])])} />
        </label>
        <fieldset>
          <legend>If some annotations do not fit</legend>
          <label>
            <input type="radio" name="label-import-mode" checked={mode === 'all_or_nothing'} onChange={() => setMode('all_or_nothing')} /> import nothing
          </label>
          <label>
            <input type="radio" name="label-import-mode" checked={mode === 'valid_only'} onChange={() => setMode('valid_only')} /> import the rest
          </label>
        </fieldset>
        <button type="submit" className="primary" disabled={files.length === 0 || busy}>
          {busy ? 'Importing…' : 'Import these files'}
        </button>
      </form>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {report && <LabelImportReportView report={report} />}
    </section>
  );
}

function LabelImportReportView({ report }: { report: LabelImportReport }) {
  return (
    <div role="status" aria-label="Report by file and line">
      <p>
        <strong>{report.committed ? `${report.imported} item${report.imported === 1 ? '' : 's'} written` : 'Nothing was imported'}</strong>: {report.kept} annotations kept, {report.dropped} left out.
        {report.unknownCategories.length > 0 && ` Not a label of this project: ${report.unknownCategories.map((u) => `${u.source} (${u.uses}×)`).join(', ')}.`}
      </p>
      {report.report.length > 0 && (
        <table className="gold-table">
          <caption className="muted">What did not map{report.moreReportLines > 0 ? ` (and ${report.moreReportLines} more lines)` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Line</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {report.report.map((r, k) => (
              <tr key={k}>
                <td>{r.file}</td>
                <td>{r.line ?? '—'}</td>
                <td>{r.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
