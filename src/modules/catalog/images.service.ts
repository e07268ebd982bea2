import crypto from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { fileTypeFromBuffer } from 'file-type';
import type { Queryable } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { ErrorCode } from '../../http/error-catalogue.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { IMAGE_WIDTHS } from '../../shared/media.ts';
import type { MediaStore } from '../../shared/media-store.ts';
import { FetchTooLargeError, safeFetch, type SafeFetchOptions } from '../../shared/safe-fetch.ts';

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Larger pictures are refused before decoding (pixel floods). */
export const MAX_IMAGE_PIXELS = 40_000_000;
const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

export interface StoredImage {
  id: string;
  url: string;
  width: number;
  height: number;
}

/**
 * Accepts an uploaded picture: the type is read from its bytes (not its name or header), it
 * is decoded and re-encoded by sharp into WebP at three widths (which also drops EXIF data and
 * anything hidden in the file), and stored under a random name.
 */
export async function storeImage(
  q: Queryable,
  clock: Clock,
  media: MediaStore,
  upload: { bytes: Buffer; shopId: string | null; userId: string | null },
): Promise<StoredImage> {
  const variants = await encodeImage(upload.bytes);
  const id = newId('img');
  const now = clock.now();
  const folder = `u/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  let detail = { url: '', width: 0, height: 0, bytes: 0, sha256: '' };
  for (const v of variants) {
    const url = await media.put(`${folder}/${id}-${v.size}.webp`, v.data, 'image/webp');
    // The hash of the stored file: an order line records it, so what the buyer saw can be proven later.
    if (v.size === IMAGE_WIDTHS.detail) detail = { url, width: v.width, height: v.height, bytes: v.data.length, sha256: crypto.createHash('sha256').update(v.data).digest('hex') };
  }
  await q
    .insertInto('media_image')
    .values({ id, shop_id: upload.shopId, uploaded_by: upload.userId, url: detail.url, width: detail.width, height: detail.height, bytes: detail.bytes, sha256: detail.sha256, created_at: now })
    .execute();
  return { id, url: detail.url, width: detail.width, height: detail.height };
}

/** One stored width of a picture: `size` is the nominal width of IMAGE_WIDTHS, `width` the real one. */
export interface EncodedImage {
  size: number;
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Checks an uploaded picture and re-encodes it as WebP at every width of IMAGE_WIDTHS: the type is read
 * from its bytes, size and pixels are capped before decoding, and re-encoding drops EXIF data and
 * anything hidden in the file.
 */
export async function encodeImage(bytes: Buffer, accepted: ReadonlySet<string> = ACCEPTED, invalid: ErrorCode = 'IMAGE_INVALID'): Promise<EncodedImage[]> {
  if (bytes.length > MAX_IMAGE_BYTES) throw new AppError('IMAGE_TOO_LARGE', { maxMb: MAX_IMAGE_BYTES / 1024 / 1024, maxPixels: MAX_IMAGE_PIXELS });
  const type = bytes.length > 0 ? await fileTypeFromBuffer(bytes) : undefined;
  if (!type || !accepted.has(type.mime)) throw new AppError(invalid);
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
  } catch (error) {
    if (String(error).includes('pixel limit')) throw new AppError('IMAGE_TOO_LARGE', { maxMb: MAX_IMAGE_BYTES / 1024 / 1024, maxPixels: MAX_IMAGE_PIXELS });
    throw new AppError(invalid);
  }
  if (!meta.width || !meta.height) throw new AppError(invalid);
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) throw new AppError('IMAGE_TOO_LARGE', { maxMb: MAX_IMAGE_BYTES / 1024 / 1024, maxPixels: MAX_IMAGE_PIXELS });
  try {
    return await Promise.all(
      Object.values(IMAGE_WIDTHS).map(async (size) => {
        const { data, info } = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, animated: false })
          .rotate()
          .resize({ width: size, withoutEnlargement: true })
          .webp({ quality: 82 })
          .toBuffer({ resolveWithObject: true });
        return { size, data, width: info.width, height: info.height };
      }),
    );
  } catch {
    throw new AppError(invalid);
  }
}

/** Imports a picture from a public https URL (never from our own network), then stores it like an upload. */
export async function importImageFromUrl(
  q: Queryable,
  clock: Clock,
  media: MediaStore,
  input: { url: string; shopId: string | null; userId: string | null },
  fetchOptions: Partial<SafeFetchOptions> = {},
): Promise<StoredImage> {
  let bytes: Buffer;
  try {
    ({ body: bytes } = await safeFetch(input.url, { maxBytes: MAX_IMAGE_BYTES, timeoutMs: 5000, ...fetchOptions }));
  } catch (error) {
    if (error instanceof FetchTooLargeError) throw new AppError('IMAGE_TOO_LARGE', { maxMb: MAX_IMAGE_BYTES / 1024 / 1024, maxPixels: MAX_IMAGE_PIXELS });
    throw new AppError('IMAGE_URL_FORBIDDEN');
  }
  return storeImage(q, clock, media, { bytes, shopId: input.shopId, userId: input.userId });
}
