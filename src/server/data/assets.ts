import { createHash, randomUUID } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { assets } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';

const ACCEPTED = new Map([
  ['jpeg', 'image/jpeg'],
  ['png', 'image/png'],
  ['webp', 'image/webp'],
]);
/** sharp's own ceiling while decoding; the configured MAX_IMAGE_PIXELS (lower) is checked from the header first. */
const DECODER_PIXEL_CEILING = 268_402_689;

/** Refuses an image whose decoded size would pass `maxPixels` (every annotator's browser decodes it whole). */
export function checkImagePixels(width: number, height: number, maxPixels: number): void {
  if (width * height <= maxPixels) return;
  const mp = (n: number) => (n / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: 1 });
  throw new HttpError(
    'payload_too_large',
    `The image is ${width} × ${height} pixels (${mp(width * height)} megapixels); at most ${mp(maxPixels)} megapixels are accepted, since every annotator's browser decodes it whole. Scale it down first.`,
  );
}

/**
 * Stores an image. The type is decided by decoding the bytes, never by a file name. Every image
 * is re-encoded with its metadata stripped, so no EXIF, colour profile or encoder fingerprint can
 * tell one item's origin (a gold set, say) from another's.
 */
export async function storeImage(
  ctx: AppContext,
  db: DbOrTx,
  input: Buffer,
): Promise<{ id: string; width: number; height: number; sha256: string; exif: { orientation: number; width: number; height: number } | null }> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: DECODER_PIXEL_CEILING }).metadata();
  } catch {
    throw new HttpError('unsupported_media_type', 'The file is not an image that can be read (JPEG, PNG or WebP).');
  }
  const contentType = meta.format ? ACCEPTED.get(meta.format) : undefined;
  if (!contentType || !meta.width || !meta.height) {
    throw new HttpError('unsupported_media_type', `Images must be JPEG, PNG or WebP${meta.format ? `; this file is ${meta.format}` : ''}.`);
  }
  checkImagePixels(meta.width, meta.height, ctx.config.maxImagePixels);
  const sha256 = createHash('sha256').update(input).digest('hex');
  const pipeline = sharp(input, { limitInputPixels: ctx.config.maxImagePixels }).rotate();
  const { data, info } = await (contentType === 'image/png' ? pipeline.png() : pipeline.jpeg({ quality: 90, mozjpeg: true })).toBuffer({
    resolveWithObject: true,
  });
  // Random, not time-ordered: the id must not date the asset (see addImageItem).
  const id = randomUUID();
  await db.insert(assets).values({
    id,
    contentType: contentType === 'image/png' ? 'image/png' : 'image/jpeg',
    sha256,
    bytes: data,
    width: info.width,
    height: info.height,
    createdAt: ctx.now(),
  });
  // The file's own frame, when its EXIF orientation turned it: label files written over the raw
  // pixels are mapped upright on import (src/domain/import/labels/frames.ts).
  const exif = meta.orientation && meta.orientation > 1 ? { orientation: meta.orientation, width: meta.width, height: meta.height } : null;
  return { id, width: info.width, height: info.height, sha256, exif };
}
