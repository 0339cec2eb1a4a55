import { useEffect, useState } from 'react';

/** Loads an image for Konva; same-origin, so the session cookie authorises it. */
export function useHtmlImage(url: string | null): { image: HTMLImageElement | null; error: boolean } {
  const [state, setState] = useState<{ url: string | null; image: HTMLImageElement | null; error: boolean }>({ url: null, image: null, error: false });
  useEffect(() => {
    if (!url) return;
    let live = true;
    const img = new Image();
    img.onload = () => live && setState({ url, image: img, error: false });
    img.onerror = () => live && setState({ url, image: null, error: true });
    img.src = url;
    return () => {
      live = false;
    };
  }, [url]);
  return state.url === url ? { image: state.image, error: state.error } : { image: null, error: false };
}
