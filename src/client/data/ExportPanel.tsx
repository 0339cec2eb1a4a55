// Export: format and options, then a plain download link — the browser streams the file to disk,
// so an export of any size never passes through this page's memory.
import { useState } from 'react';
import type { ProjectKind } from '../../domain/api/index.ts';
import type { ExportFormat } from '../../domain/export/types.ts';

const FORMATS: Record<ProjectKind, Array<{ id: ExportFormat; name: string }>> = {
  image: [
    { id: 'coco', name: 'COCO instances JSON' },
    { id: 'yolo', name: 'YOLO detection (tar: data.yaml + labels)' },
    { id: 'yolo-seg', name: 'YOLO segmentation (tar)' },
    { id: 'voc', name: 'Pascal VOC XML (tar)' },
    { id: 'cvat', name: 'CVAT for images XML 1.1' },
    { id: 'label-studio', name: 'Label Studio JSON' },
    { id: 'touchstone', name: 'Touchstone JSONL with full lineage' },
  ],
  text: [
    { id: 'conll', name: 'CoNLL-2003 BIO' },
    { id: 'spacy', name: 'spaCy JSONL' },
    { id: 'label-studio', name: 'Label Studio JSON' },
    { id: 'touchstone', name: 'Touchstone JSONL with full lineage' },
  ],
};

export function ExportPanel({ projectId, kind }: { projectId: string; kind: ProjectKind }) {
  const [format, setFormat] = useState<ExportFormat>(kind === 'image' ? 'coco' : 'conll');
  const [history, setHistory] = useState<'latest' | 'all'>('latest');
  const [holdEscalated, setHoldEscalated] = useState(true);
  const [onlyAnnotated, setOnlyAnnotated] = useState(true);
  const [reviewedOnly, setReviewedOnly] = useState(false);
  const [images, setImages] = useState(false);
  const archive = format === 'yolo' || format === 'yolo-seg' || format === 'voc';
  const query = new URLSearchParams({ format, history, holdEscalated: String(holdEscalated), onlyAnnotated: String(onlyAnnotated), reviewedOnly: String(reviewedOnly), images: String(archive && images) });
  const href = `/api/projects/${projectId}/export?${query}`;

  return (
    <section className="data-panel" aria-labelledby="export-title">
      <h2 id="export-title">Export labels</h2>
      <div className="data-form">
        <label>
          Export format{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            {FORMATS[kind].map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Revisions</legend>
          <label>
            <input type="radio" name="export-history" checked={history === 'latest'} onChange={() => setHistory('latest')} /> latest only
          </label>
          <label>
            <input type="radio" name="export-history" checked={history === 'all'} onChange={() => setHistory('all')} /> full history
          </label>
        </fieldset>
        <label>
          <input type="checkbox" checked={holdEscalated} onChange={(e) => setHoldEscalated(e.target.checked)} /> Hold back items with unresolved escalations
        </label>
        <label>
          <input type="checkbox" checked={onlyAnnotated} onChange={(e) => setOnlyAnnotated(e.target.checked)} /> Only items somebody has labelled
        </label>
        <label>
          <input type="checkbox" checked={reviewedOnly} onChange={(e) => setReviewedOnly(e.target.checked)} /> Only labels a reviewer accepted or corrected
        </label>
        {archive && (
          <label>
            <input type="checkbox" checked={images} onChange={(e) => setImages(e.target.checked)} /> Include the image files
          </label>
        )}
      </div>
      <p className="muted">
        {history === 'all' && format !== 'coco' && format !== 'touchstone' ? 'This format holds one answer per item: it takes the newest revision. ' : ''}
        Exports are written to the audit log.
      </p>
      <a className="button primary" href={href} download>
        Download export
      </a>
    </section>
  );
}
