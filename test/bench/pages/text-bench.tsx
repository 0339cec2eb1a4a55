// Benchmark page: mounts the real TextTagger (with the app's styles) on a generated document of
// ?n= characters and its spans, and measures (1) mount → first paint and (2) adding a span with
// the keyboard: the selection is placed on a free word, then the "1" key goes through the
// tagger's real keydown path; the time is from the key event to the end of the next painted frame.
import { createRoot } from 'react-dom/client';
import '../../../src/client/styles.css';
import { useEditor } from '../../../src/client/editor/store.ts';
import { TextTagger } from '../../../src/client/editor/text/TextTagger.tsx';
import { useTagger } from '../../../src/client/editor/text/taggerStore.ts';
import type { LabelSchema } from '../../../src/domain/api/index.ts';
import { makeDoc } from './text-doc.ts';

const schema: LabelSchema = {
  labels: [
    { id: 'per', name: 'Person', color: '#e6194b', hotkey: '1', tools: ['span'], attributes: [] },
    { id: 'org', name: 'Organisation', color: '#4363d8', hotkey: '2', tools: ['span'], attributes: [] },
    { id: 'loc', name: 'Location', color: '#3cb44b', hotkey: '3', tools: ['span'], attributes: [] },
    { id: 'misc', name: 'Miscellaneous', color: '#911eb4', hotkey: '4', tools: ['span'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: true,
};

interface TextBench {
  ready: Promise<{ openMs: number; chars: number; spans: number }>;
  addSpans: (k: number) => Promise<{ times: number[]; frame: number[]; script: number[]; added: number }>;
}
declare global {
  interface Window {
    textBench: TextBench;
  }
}

/** Resolves after the next frame has been produced (rAF, then a task after it). */
const afterPaint = () =>
  new Promise<number>((resolve) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(0);
    }),
  );

const params = new URLSearchParams(location.search);
const n = Number(params.get('n') ?? 1000);
const doc = makeDoc(n);
// ?overlap=1: the project allows overlaps and every span gets an outer span over it and the next
// two words (a visual check of stacked rows; not part of the timed runs).
if (params.get('overlap')) {
  schema.allowOverlappingSpans = true;
  doc.spans = [...doc.spans, ...doc.spans.map((s, i) => ({ ...s, id: `o${i}`, label: 'misc', end: Math.min(s.end + 12, Array.from(doc.text).length) }))];
}

async function open() {
  const t0 = performance.now();
  useEditor.getState().load('bench', { shapes: [], spans: doc.spans, classes: [] });
  useEditor.getState().setActiveLabel('per');
  createRoot(document.getElementById('root')!).render(<TextTagger text={doc.text} schema={schema} />);
  const t1 = await afterPaint();
  return { openMs: t1 - t0, chars: Array.from(doc.text).length, spans: doc.spans.length };
}

async function addSpans(k: number) {
  const root = document.querySelector<HTMLElement>('[role="document"]')!;
  root.focus();
  const times: number[] = [];
  const frame: number[] = [];
  const script: number[] = [];
  const before = useEditor.getState().payload.spans.length;
  const step = Math.max(2, Math.floor(doc.free.length / k));
  const press = () => root.dispatchEvent(new KeyboardEvent('keydown', { key: '1', bubbles: true, cancelable: true }));
  for (let i = 0; i < 2 * k; i++) {
    // Even runs: the key arrives between frames (as a person types), timed to the end of the next
    // painted frame, vsync wait included. Odd runs: the key arrives at the start of a frame
    // (inside requestAnimationFrame), timed to the end of that frame: the work of the repaint.
    const target = doc.free[((i >> 1) * step + (i & 1) * (step >> 1)) % doc.free.length]!;
    useTagger.getState().setCaret(target.start, target.end);
    await afterPaint();
    await afterPaint();
    if (i % 2 === 0) {
      const t0 = performance.now();
      press();
      // Let React flush its microtask-scheduled sync render before reading the script time.
      await Promise.resolve();
      script.push(performance.now() - t0);
      times.push((await afterPaint()) - t0);
    } else {
      frame.push(
        await new Promise<number>((resolve) =>
          requestAnimationFrame(() => {
            const t0 = performance.now();
            press();
            const ch = new MessageChannel();
            ch.port1.onmessage = () => resolve(performance.now() - t0);
            ch.port2.postMessage(0);
          }),
        ),
      );
    }
  }
  return { times, frame, script, added: (useEditor.getState().payload.spans.length - before) / 2 };
}

window.textBench = { ready: open(), addSpans };
