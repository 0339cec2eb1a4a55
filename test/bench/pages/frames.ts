// Frame timing: run `step(frame)` once per animation frame for `frames` frames and return the
// intervals between frames in milliseconds (after a short warm-up).
export async function measureFrames(frames: number, step: (frame: number) => void, warmup = 10): Promise<number[]> {
  const out: number[] = [];
  let last = 0;
  return new Promise((resolve) => {
    let i = 0;
    const tick = (t: number) => {
      if (i > warmup) out.push(t - last);
      last = t;
      if (i >= frames + warmup) return resolve(out);
      step(i);
      i++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** A pan path: a slow figure of eight, dx/dy per frame in stage pixels. */
export const panDelta = (f: number): [number, number] => [Math.round(12 * Math.cos(f / 15)), Math.round(8 * Math.sin(f / 7))];
/** A zoom path: in for 30 frames, out for 30, repeatedly (wheel deltaY per frame). */
export const zoomDelta = (f: number): number => (Math.floor(f / 30) % 2 === 0 ? -60 : 60);
