import { memo, useMemo } from 'react';
import type { LabelSchema, Shape } from '../../../domain/api/index.ts';
import { useWindowedRows } from '../../components/useWindowedRows.ts';
import { useEditor } from '../store.ts';
import { commit, toolContext } from './toolStore.ts';
import { deleteSelected } from './tools/select.ts';

const ROW = 30; // px; .shape-row has this height

interface RowProps {
  shape: Shape;
  /** Its place in the list, from 1. */
  n: number;
  count: number;
  labelName: string;
  colour: string;
  selected: boolean;
  hovered: boolean;
  hidden: boolean;
  locked: boolean;
  schema: LabelSchema;
}

const attrSummary = (s: Shape) =>
  Object.entries(s.attributes)
    .filter(([, v]) => v !== false && v !== '')
    .map(([k, v]) => (v === true ? k : `${k}: ${v}`))
    .join(', ');

// Rows are memoised: a selection or hover change re-renders two rows, not every row in view.
const ShapeRow = memo(function ShapeRow({ shape, n, count, labelName, colour, selected, hovered, hidden, locked, schema }: RowProps) {
  const ed = useEditor.getState;
  const name = `${labelName} ${n}`;
  const attrs = attrSummary(shape);
  return (
    <li
      className={`shape-row${selected ? ' selected' : ''}${hovered ? ' hovered' : ''}`}
      aria-current={selected ? 'true' : undefined}
      style={{ top: (n - 1) * ROW }}
      aria-posinset={n}
      aria-setsize={count}
      onMouseEnter={() => ed().setHover(shape.id)}
      onMouseLeave={() => ed().hoverId === shape.id && ed().setHover(null)}
      data-shape-id={shape.id}
    >
      <button
        type="button"
        className="shape-name"
        aria-label={`Select ${name}${attrs ? ` (${attrs})` : ''}`}
        aria-pressed={selected}
        onClick={() => ed().select(shape.id)}
      >
        <span className="swatch" style={{ background: colour }} aria-hidden="true" />
        {name} <small>{shape.kind}</small>
        {attrs && <small className="attrs"> · {attrs}</small>}
      </button>
      <button type="button" aria-label={`${hidden ? 'Show' : 'Hide'} ${name}`} aria-pressed={hidden} onClick={() => ed().toggleHidden(shape.id)}>
        {hidden ? 'Show' : 'Hide'}
      </button>
      <button type="button" aria-label={`${locked ? 'Unlock' : 'Lock'} ${name}`} aria-pressed={locked} onClick={() => ed().toggleLocked(shape.id)}>
        {locked ? 'Unlock' : 'Lock'}
      </button>
      <button
        type="button"
        aria-label={`Delete ${name}`}
        disabled={locked}
        onClick={() =>
          commit({
            state: null,
            ops: deleteSelected({ ...toolContext(schema), selectedId: shape.id }),
            ...(ed().selectedId === shape.id ? { select: null } : {}),
          })
        }
      >
        Delete
      </button>
    </li>
  );
});

/**
 * Every shape with its label and attributes; select, hide, lock and delete from here. Hover
 * highlights it on the canvas too. Windowed (useWindowedRows): 20,000 shapes put ~40 rows in the DOM,
 * and a shape selected on the canvas is scrolled into view.
 */
export function ShapesPanel({ schema }: { schema: LabelSchema }) {
  const shapes = useEditor((s) => s.payload.shapes);
  const selectedId = useEditor((s) => s.selectedId);
  const hoverId = useEditor((s) => s.hoverId);
  const hidden = useEditor((s) => s.hidden);
  const locked = useEditor((s) => s.locked);
  const labels = useMemo(() => new Map(schema.labels.map((l) => [l.id, l])), [schema]);
  const selectedIndex = useMemo(() => (selectedId ? shapes.findIndex((s) => s.id === selectedId) : -1), [shapes, selectedId]);
  const { scrollRef, onScroll, first, last, height } = useWindowedRows<HTMLDivElement>(shapes.length, ROW, selectedIndex);
  return (
    <section className="shapes-panel" aria-labelledby="shapes-panel-title">
      <h2 id="shapes-panel-title">Shapes ({shapes.length})</h2>
      {shapes.length === 0 ? (
        <p>No shapes yet.</p>
      ) : (
        <div className="shapes-scroll" ref={scrollRef} onScroll={onScroll}>
          <ul aria-label="Shapes" style={{ height }}>
            {shapes.slice(first, last).map((s, i) => (
              <ShapeRow
                key={s.id}
                shape={s}
                n={first + i + 1}
                count={shapes.length}
                labelName={labels.get(s.label)?.name ?? s.label}
                colour={labels.get(s.label)?.color ?? '#ffffff'}
                selected={s.id === selectedId}
                hovered={s.id === hoverId}
                hidden={hidden.has(s.id)}
                locked={locked.has(s.id)}
                schema={schema}
              />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
