// The offline app shell's service worker, registered once the page has settled. On its first
// install it downloads every chunk of the app (a few MB, all screens), and on a cold open that
// competed with the page's own code, data and first image for the network and the server: the
// annotate page drew its first image about a quarter of a second later. Settled: the page has
// loaded and no resource has arrived for QUIET_MS (the first screen's code and data are in), or
// MAX_WAIT_MS have passed since load, whichever comes first.

const QUIET_MS = 1_000;
const MAX_WAIT_MS = 10_000;

export function registerServiceWorkerWhenSettled(url = '/sw.js'): void {
  if (!('serviceWorker' in navigator)) return;
  const register = () => void navigator.serviceWorker.register(url, { scope: '/' }).catch(() => undefined);
  const afterLoad = () => {
    let quiet = setTimeout(done, QUIET_MS);
    const latest = setTimeout(done, MAX_WAIT_MS);
    const observer =
      typeof PerformanceObserver === 'function'
        ? new PerformanceObserver(() => {
            clearTimeout(quiet);
            quiet = setTimeout(done, QUIET_MS);
          })
        : null;
    observer?.observe({ type: 'resource' });
    function done() {
      clearTimeout(quiet);
      clearTimeout(latest);
      observer?.disconnect();
      register();
    }
  };
  if (document.readyState === 'complete') afterLoad();
  else window.addEventListener('load', afterLoad, { once: true });
}
