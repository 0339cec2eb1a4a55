// A long list with rows of one fixed height, of which only the rows in view (and a few either side)
// are in the DOM: the spans of a long document, the shapes of a crowded image. With every row in
// the DOM, 20,000 shapes cost every frame of the canvas beside them 30–60 ms of the browser's own
// work (each row's `content-visibility` is an intersection to compute), and a selection
// re-rendered 20,000 rows.
import { useEffect, useLayoutEffect, useRef, useState, type UIEvent } from 'react';

export interface WindowedRows<T extends HTMLElement> {
  /** The scrolling element (overflow: auto) around the list. */
  scrollRef: React.RefObject<T | null>;
  onScroll: (e: UIEvent<T>) => void;
  /** Rows [first, last) are rendered, row i at top = i × rowHeight in a list of height `height`. */
  first: number;
  last: number;
  height: number;
}

/** Which rows of `count` to render; keeps row `keepInView` (e.g. the selection) scrolled into view. */
export function useWindowedRows<T extends HTMLElement>(count: number, rowHeight: number, keepInView = -1, overscan = 8): WindowedRows<T> {
  const scrollRef = useRef<T>(null);
  // Before the first measurement (and in jsdom, which lays nothing out) a screenful is assumed.
  const [view, setView] = useState({ top: 0, height: 600 });
  // The scrolling element exists only while there are rows: observe it from when it appears.
  const hasRows = count > 0;
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    // A scrolling element that has just appeared starts at its own top, whatever the last one
    // scrolled to (all rows deleted, then one added; the next item's list).
    setView((v) => (v.top === el.scrollTop ? v : { ...v, top: el.scrollTop }));
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setView((v) => (el.clientHeight > 0 && el.clientHeight !== v.height ? { ...v, height: el.clientHeight } : v)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [hasRows]);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || keepInView < 0) return;
    if (keepInView * rowHeight < el.scrollTop) el.scrollTop = keepInView * rowHeight;
    else if ((keepInView + 1) * rowHeight > el.scrollTop + el.clientHeight && el.clientHeight > 0)
      el.scrollTop = (keepInView + 1) * rowHeight - el.clientHeight;
  }, [keepInView, rowHeight]);
  return {
    scrollRef,
    onScroll: (e) => {
      const top = e.currentTarget.scrollTop;
      setView((v) => (v.top === top ? v : { ...v, top }));
    },
    first: Math.max(0, Math.floor(view.top / rowHeight) - overscan),
    last: Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + overscan),
    height: count * rowHeight,
  };
}
