import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS } from '../modules/catalog/images.service.ts';

/** The one uploaded image of a multipart request (field "file"), as bytes; too big or missing → catalogued 4xx. */
export async function readUploadedImage(request: FastifyRequest): Promise<Buffer> {
  try {
    const file = await request.file();
    if (!file) throw new AppError('IMAGE_INVALID');
    return await file.toBuffer();
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('IMAGE_TOO_LARGE', { maxMb: MAX_IMAGE_BYTES / 1024 / 1024, maxPixels: MAX_IMAGE_PIXELS });
    throw new AppError('IMAGE_INVALID');
  }
}
