// Generated multi-script documents for the tagger benchmark: Latin, accented Latin, Arabic,
// Japanese and emoji words in paragraphs of ~500 characters, with non-overlapping spans on about
// 2 of every 100 characters (2,000 spans at 100,000 characters). Deterministic (seeded).
import type { TextSpan } from '../../../src/domain/api/index.ts';

const WORDS = [
  ['Angela', 'Merkel', 'met', 'the', 'committee', 'in', 'Aachen', 'on', 'Tuesday', 'report', 'market', 'shares'],
  ['Zoë', 'Núñez', 'São', 'Paulo', 'café', 'Genève', 'Málaga', 'über', 'façade', 'naïve'],
  ['افتتح', 'رئيس', 'الوزراء', 'مستشفى', 'الجامعة', 'عمّان', 'يوم', 'الأحد', 'دينار'],
  ['東京', '証券', '取引所', '日経', '平均', '株価', 'トヨタ', '自動車', '上昇'],
  ['🎉', '🐝', '🖼️', '👍🏽', '🇯🇵'],
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface BenchDoc {
  text: string;
  spans: TextSpan[];
  /** Code-point ranges of words that carry no span: where the benchmark adds spans. */
  free: { start: number; end: number }[];
}

export function makeDoc(chars: number, seed = 7): BenchDoc {
  const rand = rng(seed);
  const parts: string[] = [];
  const words: { start: number; end: number }[] = [];
  let cp = 0;
  let para = 0;
  while (cp < chars) {
    const pool = WORDS[rand() < 0.55 ? 0 : 1 + Math.floor(rand() * 4)]!;
    const w = pool[Math.floor(rand() * pool.length)]!;
    const len = Array.from(w).length;
    words.push({ start: cp, end: cp + len });
    parts.push(w);
    cp += len;
    para += len;
    const sep = para > 500 ? '\n' : ' ';
    if (sep === '\n') para = 0;
    parts.push(sep);
    cp += 1;
  }
  const text = parts.join('');
  const spanCount = Math.round(chars / 50);
  const stride = words.length / spanCount;
  const spans: TextSpan[] = [];
  const used = new Set<number>();
  for (let k = 0; k < spanCount; k++) {
    const i = Math.floor(k * stride);
    used.add(i);
    const w = words[i]!;
    spans.push({ id: `b${k}`, label: ['per', 'org', 'loc', 'misc'][k % 4]!, start: w.start, end: w.end });
  }
  const free = words.filter((_, i) => !used.has(i) && !used.has(i - 1) && !used.has(i + 1));
  return { text, spans, free };
}
