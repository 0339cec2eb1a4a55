// Builds the downscaled copies of one image off the main thread: decodes the image's bytes, then
// halves it level by level on an OffscreenCanvas (each level from the one before, which is both
// cheaper and smoother than one big step), and sends each level back as an ImageBitmap as soon as
// it is made. The decoded image itself goes back too, as level 0, once level 1 is made from it.
// See mipmaps.ts.
interface Request {
  blob: Blob;
  maxLevel: number;
}
export interface LevelMessage {
  level: number;
  bitmap: ImageBitmap;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(message: LevelMessage | { done: true }, transfer: Transferable[]): void;
};

scope.onmessage = async ({ data: { blob, maxLevel } }) => {
  const original = await createImageBitmap(blob);
  let previous: ImageBitmap = original;
  const width = previous.width;
  const height = previous.height;
  for (let level = 1; level <= maxLevel; level++) {
    const w = Math.max(1, Math.ceil(width / 2 ** level));
    const h = Math.max(1, Math.ceil(height / 2 ** level));
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d');
    if (!ctx) break;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(previous, 0, 0, w, h);
    // The original is handed over (transferred, not copied: it may be 200 MB), not closed.
    if (previous === original) scope.postMessage({ level: 0, bitmap: original }, [original]);
    else previous.close();
    previous = canvas.transferToImageBitmap();
    // A copy goes back; `previous` stays here to make the next level from.
    const copy = await createImageBitmap(previous);
    scope.postMessage({ level, bitmap: copy }, [copy]);
    if (w === 1 && h === 1) break;
  }
  if (previous !== original) previous.close();
  scope.postMessage({ done: true }, []);
};
