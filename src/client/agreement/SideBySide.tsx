// One item, each annotator's answer in its own colour: shapes as SVG outlines over the
// image, spans as highlighted text, one row per annotator, with a legend naming who is which colour.
import type { AgreementItem } from '../../domain/api/index.ts';

export const PALETTE = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#e377c2', '#8c564b'];

function SpansLine({ text, spans, color, name }: { text: string; spans: AgreementItem['answers'][number]['payload']['spans']; color: string; name: string }) {
  // Offsets count code points (the tagger's unit), so slice an array of code points.
  const chars = Array.from(text);
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue; // overlapping spans of one annotator: the first is shown
    if (s.start > at) parts.push(chars.slice(at, s.start).join(''));
    parts.push(
      <mark
        key={`${s.start}-${s.end}-${s.label}`}
        aria-label={`${name}: ${s.label}`}
        title={s.label}
        style={{ background: `${color}33`, borderBottom: `2px solid ${color}` }}
      >
        {chars.slice(s.start, s.end).join('')}
        <sup>{s.label}</sup>
      </mark>,
    );
    at = s.end;
  }
  parts.push(chars.slice(at).join(''));
  return <p>{parts}</p>;
}

export function SideBySide({ item }: { item: AgreementItem }) {
  const colorOf = (i: number) => PALETTE[i % PALETTE.length]!;
  return (
    <section aria-label="Side-by-side answers">
      <ul aria-label="Legend" className="agreement-legend">
        {item.answers.map((a, i) => (
          <li key={a.annotatorId}>
            <span aria-hidden="true" style={{ display: 'inline-block', width: 12, height: 12, background: colorOf(i), marginRight: 4 }} />
            {a.displayName}
            {a.payload.classes.length > 0 && <> — classes: {a.payload.classes.join(', ')}</>}
          </li>
        ))}
      </ul>
      {item.answers.length === 0 && <p>Nobody has labelled this item yet.</p>}
      {item.image && (
        <div style={{ position: 'relative', display: 'inline-block', maxWidth: '100%' }}>
          <img src={item.image.url} alt="The item" style={{ display: 'block', maxWidth: '100%' }} />
          <svg
            role="img"
            aria-label="Each annotator's shapes"
            viewBox={`0 0 ${item.image.width} ${item.image.height}`}
            preserveAspectRatio="none"
            style={{ position: 'absolute', inset: 0, width: '100%', height: '100%' }}
          >
            {item.answers.flatMap((a, i) =>
              a.payload.shapes.map((s) => {
                const props = {
                  fill: 'none',
                  stroke: colorOf(i),
                  strokeWidth: 2,
                  vectorEffect: 'non-scaling-stroke' as const,
                  'aria-label': `${a.displayName}: ${s.label}`,
                };
                return s.kind === 'box' ? (
                  <rect key={`${a.annotatorId}-${s.id}`} x={s.x} y={s.y} width={s.w} height={s.h} {...props}>
                    <title>{`${a.displayName}: ${s.label}`}</title>
                  </rect>
                ) : (
                  <polygon key={`${a.annotatorId}-${s.id}`} points={s.points.map((p) => p.join(',')).join(' ')} {...props}>
                    <title>{`${a.displayName}: ${s.label}`}</title>
                  </polygon>
                );
              }),
            )}
          </svg>
        </div>
      )}
      {item.text !== null &&
        item.answers.map((a, i) => (
          <figure key={a.annotatorId} aria-label={`Spans of ${a.displayName}`} style={{ margin: '0.5em 0' }}>
            <figcaption style={{ color: colorOf(i) }}>{a.displayName}</figcaption>
            <SpansLine text={item.text!} spans={a.payload.spans} color={colorOf(i)} name={a.displayName} />
          </figure>
        ))}
    </section>
  );
}
