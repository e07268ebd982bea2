import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where uploaded files go. The default keeps them under the data folder and the app serves
 * them at /media/. A multi-node deployment puts an S3-compatible store behind the same
 * interface (shared storage), so every node serves every image.
 */
export interface MediaStore {
  /** Stores the bytes at `key` (a relative path like `u/2026/11/img_x-800.webp`); returns its public URL. */
  put(key: string, body: Buffer, contentType: string): Promise<string>;
}

export class LocalMediaStore implements MediaStore {
  constructor(private readonly root: string) {}

  async put(key: string, body: Buffer): Promise<string> {
    if (key.includes('..') || path.isAbsolute(key)) throw new Error(`bad media key ${key}`);
    const file = path.join(this.root, key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, body);
    return `/media/${key}`;
  }
}
