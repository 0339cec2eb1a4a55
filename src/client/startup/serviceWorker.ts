// The offline app shell's service worker, registered once the page has settled. On its first
// install it downloads every chunk of the app (a few MB, all screens), and on a cold open that
// competed with the page's own code, data and first image for the network and the server: the
// annotate page drew its first image about a quarter of a second later. Settled: the page has
// loaded and no resource has arrived for QUIET_MS (the first screen's code and data are in), or
// MAX_WAIT_MS have passed since the app started, whichever comes first.

const QUIET_MS = 1_000;
const MAX_WAIT_MS = 10_000;

export function registerServiceWorkerWhenSettled(url = '/sw.js'): void {
  if (!('serviceWorker' in navigator)) return;
  let registered = false;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let observer: PerformanceObserver | null = null;
  const register = () => {
    if (registered) return;
    registered = true;
    clearTimeout(quiet);
    clearTimeout(latest);
    observer?.disconnect();
    void navigator.serviceWorker.register(url, { scope: '/' }).catch(() => undefined);
  };
  // At the latest MAX_WAIT_MS after the app started, however busy the page still is.
  const latest = setTimeout(register, MAX_WAIT_MS);
  const afterLoad = () => {
    quiet = setTimeout(register, QUIET_MS);
    if (typeof PerformanceObserver !== 'function') return;
    observer = new PerformanceObserver(() => {
      clearTimeout(quiet);
      quiet = setTimeout(register, QUIET_MS);
    });
    observer.observe({ type: 'resource' });
  };
  if (document.readyState === 'complete') afterLoad();
  else window.addEventListener('load', afterLoad, { once: true });
}
