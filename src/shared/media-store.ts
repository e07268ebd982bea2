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
  /**
   * Stores bytes that no URL reaches (identity documents, licences): they are read back only through
   * the app, by someone allowed to see them. Local disk: outside the served folder; S3: the private
   * bucket (MEDIA_S3_PRIVATE_BUCKET, default the same bucket under `private/`, which its public-read
   * policy must leave out).
   */
  putPrivate(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The bytes stored by putPrivate, or null when there are none. */
  getPrivate(key: string): Promise<Buffer | null>;
}

function checkKey(key: string): void {
  if (key.includes('..') || path.isAbsolute(key) || key.startsWith('/')) throw new Error(`bad media key ${key}`);
}

export class LocalMediaStore implements MediaStore {
  /** `root` is served at /media/; private files go to a sibling folder that nothing serves. */
  constructor(
    private readonly root: string,
    private readonly privateRoot: string = `${root}-private`,
  ) {}

  async put(key: string, body: Buffer): Promise<string> {
    await write(this.root, key, body);
    return `/media/${key}`;
  }

  async putPrivate(key: string, body: Buffer, _contentType?: string): Promise<void> {
    await write(this.privateRoot, key, body);
  }

  async getPrivate(key: string): Promise<Buffer | null> {
    checkKey(key);
    return fs.readFile(path.join(this.privateRoot, key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
  }
}

async function write(root: string, key: string, body: Buffer): Promise<void> {
  checkKey(key);
  const file = path.join(root, key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, body);
}

export interface S3MediaConfig {
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Public base URL the files are served from (a CDN or the bucket's website endpoint). */
  publicBaseUrl: string;
  /** Where putPrivate writes; default: `bucket` under the `private/` prefix. */
  privateBucket?: string | undefined;
  forcePathStyle?: boolean;
}

/** Any S3-compatible object store (AWS S3, Aliyun OSS, Tencent COS, MinIO …). */
export class S3MediaStore implements MediaStore {
  readonly #client: Promise<import('@aws-sdk/client-s3').S3Client>;

  constructor(private readonly config: S3MediaConfig) {
    this.#client = import('@aws-sdk/client-s3').then(
      ({ S3Client }) =>
        new S3Client({
          region: config.region,
          endpoint: config.endpoint,
          forcePathStyle: config.forcePathStyle ?? Boolean(config.endpoint),
          credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
        }),
    );
  }

  async put(key: string, body: Buffer, contentType: string): Promise<string> {
    checkKey(key);
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    await (await this.#client).send(
      new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: body, ContentType: contentType, CacheControl: 'public, max-age=31536000, immutable' }),
    );
    return `${this.config.publicBaseUrl.replace(/\/$/, '')}/${key}`;
  }

  async putPrivate(key: string, body: Buffer, contentType: string): Promise<void> {
    checkKey(key);
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    await (await this.#client).send(new PutObjectCommand({ ...this.#privateObject(key), Body: body, ContentType: contentType, CacheControl: 'private, no-store' }));
  }

  async getPrivate(key: string): Promise<Buffer | null> {
    checkKey(key);
    const { GetObjectCommand, NoSuchKey } = await import('@aws-sdk/client-s3');
    try {
      const object = await (await this.#client).send(new GetObjectCommand(this.#privateObject(key)));
      return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : null;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  #privateObject(key: string): { Bucket: string; Key: string } {
    return this.config.privateBucket ? { Bucket: this.config.privateBucket, Key: key } : { Bucket: this.config.bucket, Key: `private/${key}` };
  }
}

/** Local disk unless MEDIA_S3_BUCKET is set (then every node writes to, and serves from, the same bucket). */
export function mediaStoreFromEnv(env: NodeJS.ProcessEnv, dataDir: string): MediaStore {
  if (!env.MEDIA_S3_BUCKET) return new LocalMediaStore(path.join(dataDir, 'media'));
  const required = ['MEDIA_S3_ACCESS_KEY_ID', 'MEDIA_S3_SECRET_ACCESS_KEY', 'MEDIA_PUBLIC_BASE_URL'];
  const missing = required.filter((name) => !env[name]);
  if (missing.length) throw new Error(`MEDIA_S3_BUCKET is set but ${missing.join(', ')} is not`);
  return new S3MediaStore({
    endpoint: env.MEDIA_S3_ENDPOINT || undefined,
    region: env.MEDIA_S3_REGION ?? 'us-east-1',
    bucket: env.MEDIA_S3_BUCKET,
    accessKeyId: env.MEDIA_S3_ACCESS_KEY_ID!,
    secretAccessKey: env.MEDIA_S3_SECRET_ACCESS_KEY!,
    publicBaseUrl: env.MEDIA_PUBLIC_BASE_URL!,
    privateBucket: env.MEDIA_S3_PRIVATE_BUCKET || undefined,
  });
}
