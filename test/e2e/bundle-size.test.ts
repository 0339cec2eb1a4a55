// The annotator's first load: the JavaScript the browser must fetch before the app runs (the
// entry and everything it imports statically, as Vite's build manifest lists them), gzipped, within
// 150 KB; and none of it is a lead's chart, the markdown parser, konva or Dexie, which load when a
// screen needs them. Reads the build `npm run test:e2e` makes first (`vite build`); without it, fails.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const DIST = path.resolve(import.meta.dirname, '../../dist/client');
const MANIFEST = path.join(DIST, '.vite/manifest.json');
const BUDGET_BYTES = 150 * 1000;

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, Chunk>;

function manifest(): Manifest {
  if (!existsSync(MANIFEST)) throw new Error(`No build manifest at ${MANIFEST}: run \`npx vite build\` first.`);
  return JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
}

/** The manifest keys of these chunks and of everything they import statically. */
function withStaticImports(m: Manifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const walk = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of m[key]?.imports ?? []) walk(dep);
  };
  keys.forEach(walk);
  return seen;
}

const gzipped = (m: Manifest, keys: Set<string>) => [...keys].reduce((sum, k) => sum + gzipSync(readFileSync(path.join(DIST, m[k]!.file))).length, 0);
/** The source files bundled into these chunks, from their source maps (the bundler's tiny runtime chunk has none). */
const sourcesOf = (m: Manifest, keys: Set<string>) =>
  [...keys].flatMap((k) => {
    const map = path.join(DIST, `${m[k]!.file}.map`);
    return existsSync(map) ? (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources : [];
  });
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

describe('the annotator’s first load', () => {
  it('is at most 150 KB of gzipped JavaScript, without charts, markdown, konva or Dexie', () => {
    const m = manifest();
    const entries = Object.keys(m).filter((k) => m[k]!.isEntry);
    expect(entries).toHaveLength(1);
    const first = withStaticImports(m, entries);
    const firstBytes = gzipped(m, first);
    // The annotate route of an image project: the first load, then the screen and the image editor.
    const lazyParts = ['src/client/screens/AnnotateScreen.tsx', 'src/client/editor/image/ImageItemEditor.tsx'].filter((k) => k in m);
    const annotate = withStaticImports(m, [...entries, ...lazyParts]);
    console.log(`first load ${kb(firstBytes)} gzipped in ${first.size} chunks; annotate route of an image project ${kb(gzipped(m, annotate))} gzipped`);

    expect(firstBytes).toBeLessThanOrEqual(BUDGET_BYTES);
    const heavy = sourcesOf(m, first).filter((s) => /node_modules\/(recharts|react-markdown|micromark|konva|react-konva|dexie)\//.test(s));
    expect([...new Set(heavy.map((s) => s.replace(/.*node_modules\/([^/]+).*/, '$1')))]).toEqual([]);
  });
});
