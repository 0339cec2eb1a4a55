// Agreement for leads and authors: figures with the items they rest on ("too few items"
// instead of a number), the label pairs confused most and the worst items with the guideline
// sections covering their labels, alpha per label across guideline versions, and one item's
// answers side by side.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { AgreementItem, AgreementReport, type Figure } from '../../domain/api/index.ts';
import { api } from '../api/http.ts';
import { useProject } from '../api/hooks.ts';
import { SideBySide } from './SideBySide.tsx';
import './agreement.css';

function FigureCell({ f }: { f: Figure }) {
  return <td>{f.value === null ? <em>{f.reason === 'no variation' ? 'no variation' : 'too few items'}</em> : f.value.toFixed(3)}</td>;
}

function ItemView({ projectId, itemId }: { projectId: string; itemId: string }) {
  const q = useQuery({
    queryKey: ['agreement-item', projectId, itemId],
    queryFn: ({ signal }) => api(`/api/projects/${projectId}/agreement/items/${itemId}`, AgreementItem, { signal }),
  });
  if (q.error) return <p role="alert">{q.error.message}</p>;
  if (!q.data) return <p>Loading the item…</p>;
  return <SideBySide item={q.data} />;
}

export function AgreementScreen() {
  const { projectId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const itemId = params.get('item');
  const q = useQuery({ queryKey: ['agreement', projectId], queryFn: ({ signal }) => api(`/api/projects/${projectId}/agreement`, AgreementReport, { signal }) });
  const project = useProject(projectId);
  if (q.error) return <p role="alert">{q.error.message}</p>;
  if (!q.data) return <p>Loading agreement…</p>;
  const r = q.data;
  // Labels by the names people know them by (the report speaks in label ids).
  const labelNames = new Map((project.data?.labelSchema.labels ?? []).map((l) => [l.id, l.name]));
  const name = (id: string) => labelNames.get(id) ?? id;
  const isLead = project.data?.roles.includes('lead') ?? false;
  // Agreement needs items answered by two or more annotators; with one each, say so and how to get some.
  const compared = Math.max(r.overall.alpha.items, r.overall.fleiss.items, r.overall.cohen.items, r.overall.pairF1.items);
  const empty = (what: string) => (
    <p className="muted empty-note">{compared === 0 ? `No ${what} yet: nothing has been answered by two annotators.` : `No ${what}.`}</p>
  );
  const guideline = (sectionId: string) => `/projects/${projectId}/guideline#${encodeURIComponent(sectionId)}`;
  // A label can be rated as a class and as a shape (unit-agreement.ts): the row is the pair.
  const rowKey = (p: { label: string; unit?: string | undefined }) => `${p.unit ?? 'class'}:${p.label}`;
  const unitName = (u: string | undefined) => (u === 'shape' ? 'shapes' : u === 'span' ? 'spans' : 'classes');
  const series = [...new Map(r.byVersion.flatMap((v) => v.perLabel.map((p) => [rowKey(p), p] as const))).values()].sort((a, b) =>
    rowKey(a) < rowKey(b) ? -1 : 1,
  );

  return (
    <main className="agreement-page">
      <div className="page-head">
        <h1>Agreement</h1>
        {project.data && <span className="muted">{project.data.name}</span>}
        <Link to={`/projects/${projectId}/adjudication`}>Adjudication of ties</Link>
      </div>
      {compared === 0 && (
        <section className="no-overlap" aria-label="Why there are no figures yet">
          <h2>Why these sections are empty</h2>
          <p>
            Agreement compares annotators who answered the same item. So far every item has been answered by one annotator at most, so there is nothing to
            compare.
          </p>
          <p>
            To get figures, have live items served to more than one annotator: set <strong>Overlap</strong> to 2 or more in{' '}
            {isLead ? <Link to={`/projects/${projectId}/settings`}>Settings</Link> : 'the project settings (a lead can)'}. Figures appear as overlapped items
            are answered; each figure says how many items it rests on.
          </p>
        </section>
      )}
      <h2>Overall</h2>
      <table className="agreement-table" aria-label="Overall agreement">
        <thead>
          <tr>
            <th>Figure</th>
            <th>Value</th>
            <th>Items</th>
          </tr>
        </thead>
        <tbody>
          {(
            [
              ['Krippendorff’s alpha', r.overall.alpha],
              ['Fleiss’ kappa', r.overall.fleiss],
              ['Cohen’s kappa (mean over pairs)', r.overall.cohen],
              ['Shape/span F1 between annotators', r.overall.pairF1],
            ] as const
          ).map(([name, f]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <FigureCell f={f} />
              <td>{f.items}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Per label</h2>
      {r.perLabel.length === 0 && empty('labels rated by several annotators')}
      <table className="agreement-table" aria-label="Agreement per label" hidden={r.perLabel.length === 0}>
        <thead>
          <tr>
            <th>Label</th>
            <th>Rated on</th>
            <th>Alpha</th>
            <th>Items</th>
            <th>Fleiss’ kappa</th>
            <th>Items</th>
          </tr>
        </thead>
        <tbody>
          {r.perLabel.map((p) => (
            <tr key={rowKey(p)}>
              <th scope="row">{name(p.label)}</th>
              <td>{unitName(p.unit)}</td>
              <FigureCell f={p.alpha} />
              <td>{p.alpha.items}</td>
              <FigureCell f={p.kappa} />
              <td>{p.kappa.items}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Label pairs confused most</h2>
      {r.confused.length === 0 && empty('confused label pairs')}
      <ul className="agreement-list" aria-label="Confused label pairs">
        {r.confused.map((c) => (
          <li key={`${c.unit ?? ''}|${c.a}|${c.b}`}>
            {name(c.a)} ↔ {name(c.b)} ({unitName(c.unit)}): {c.count} disagreeing pairs on {c.items} items
            {c.sections.map((s) => (
              <span key={s.id}>
                {' '}
                · <Link to={guideline(s.id)}>{s.title}</Link>
              </span>
            ))}
            {c.sections.length === 0 && <> · no guideline section covers these labels</>}
          </li>
        ))}
      </ul>

      <h2>Items with the most disagreement</h2>
      {r.worstItems.length === 0 && empty('items with disagreement')}
      <ul className="agreement-list" aria-label="Items with the most disagreement">
        {r.worstItems.map((w) => (
          <li key={w.itemId}>
            <button type="button" onClick={() => setParams({ item: w.itemId })} aria-label={`Compare answers on item ${w.itemId}`}>
              Compare
            </button>{' '}
            {Math.round(w.share * 100)}% of pairs disagree ({w.raters} annotators): {w.labels.map((l) => `${name(l.label)} ×${l.count}`).join(', ')}
            {w.sections.map((s) => (
              <span key={s.id}>
                {' '}
                · <Link to={guideline(s.id)}>{s.title}</Link>
              </span>
            ))}
          </li>
        ))}
      </ul>

      {itemId && (
        <>
          <h2>Answers side by side</h2>
          <ItemView projectId={projectId} itemId={itemId} />
        </>
      )}

      <h2>Agreement per label across guideline versions</h2>
      {series.length === 0 && empty('alpha per label and version')}
      <div className="agreement-charts">
        {series.map((s) => (
          <figure key={rowKey(s)} className="agreement-chart" aria-label={`Alpha of ${name(s.label)} (${unitName(s.unit)}) across guideline versions`}>
            <figcaption>
              {name(s.label)} ({unitName(s.unit)})
            </figcaption>
            <LineChart
              width={360}
              height={160}
              data={r.byVersion.map((v) => ({ version: v.version, alpha: v.perLabel.find((p) => rowKey(p) === rowKey(s))?.alpha.value ?? null }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="version" />
              <YAxis domain={[-1, 1]} />
              <Tooltip />
              <Line type="monotone" dataKey="alpha" connectNulls={false} isAnimationActive={false} />
            </LineChart>
          </figure>
        ))}
      </div>
    </main>
  );
}
