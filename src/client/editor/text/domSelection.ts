// The DOM side of offsets. Every piece of text in the document view is one element with
// data-s/data-e (its code-point range) holding one text node, so a DOM point (node, UTF-16
// offset) becomes a code-point offset through the text's offset index, and back.
import type { TextModel } from '../../../domain/text/tagger-ops.ts';

const segOf = (n: Node | null): HTMLElement | null => (n instanceof HTMLElement ? n : (n?.parentElement ?? null))?.closest<HTMLElement>('[data-s]') ?? null;
const startOf = (el: Element) => Number(el.getAttribute('data-s'));
const endOf = (el: Element) => Number(el.getAttribute('data-e'));

/** The code-point offset of a DOM point; points outside the document clamp to its start or end. */
export function pointToCodePoint(root: HTMLElement, m: TextModel, node: Node, offset: number): number {
  if (!root.contains(node)) {
    // Before the document → 0, after it (or containing it) → the end.
    return node.compareDocumentPosition(root) & Node.DOCUMENT_POSITION_FOLLOWING ? 0 : m.length;
  }
  if (node.nodeType === Node.TEXT_NODE) {
    const seg = segOf(node);
    if (!seg) return 0;
    return m.toCodePoint(m.toUtf16(startOf(seg)) + offset);
  }
  // An element point: the boundary before its offset-th child.
  const el = node as Element;
  const seg = segOf(el);
  if (seg && seg === el) return offset === 0 ? startOf(seg) : endOf(seg);
  const child = el.childNodes[offset];
  if (child) {
    const first = child instanceof Element ? (child.matches('[data-s]') ? child : child.querySelector('[data-s]')) : segOf(child);
    if (first) return startOf(first);
  }
  const all = el.querySelectorAll('[data-s]');
  const last = all[all.length - 1];
  return last ? endOf(last) : 0;
}

/** The current DOM selection as code points [anchor, focus], or null if it is not in the document. */
export function readSelection(root: HTMLElement, m: TextModel): [number, number] | null {
  const sel = root.ownerDocument.getSelection();
  if (!sel || sel.rangeCount === 0 || !sel.anchorNode || !sel.focusNode) return null;
  if (!root.contains(sel.anchorNode) && !root.contains(sel.focusNode)) return null;
  return [pointToCodePoint(root, m, sel.anchorNode, sel.anchorOffset), pointToCodePoint(root, m, sel.focusNode, sel.focusOffset)];
}

/** The DOM point of code point cp: the text node of the segment holding it, and a UTF-16 offset. */
export function codePointToPoint(root: HTMLElement, m: TextModel, cp: number): [Node, number] | null {
  const chunks = root.querySelectorAll<HTMLElement>('[data-chunk]');
  // Chunks are in text order: binary search on their ranges.
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Number(chunks[mid]!.getAttribute('data-ce')) <= cp) lo = mid + 1;
    else hi = mid;
  }
  const chunk = chunks[lo];
  if (!chunk) return null;
  for (const seg of chunk.querySelectorAll('[data-s]')) {
    if (cp < endOf(seg) || (cp === endOf(seg) && seg === chunk.lastElementChild)) {
      const text = seg.firstChild;
      if (!text) return [seg, 0];
      return [text, m.toUtf16(cp) - m.toUtf16(startOf(seg))];
    }
  }
  return null;
}

/** Shows the keyboard selection as the browser's own selection. */
export function writeSelection(root: HTMLElement, m: TextModel, anchor: number, focus: number): Range | null {
  const a = codePointToPoint(root, m, anchor);
  const f = codePointToPoint(root, m, focus);
  const sel = root.ownerDocument.getSelection();
  if (!a || !f || !sel) return null;
  sel.setBaseAndExtent(a[0], a[1], f[0], f[1]);
  const range = root.ownerDocument.createRange();
  range.setStart(f[0], f[1]);
  range.collapse(true);
  return range;
}
