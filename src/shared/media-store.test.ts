import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { LocalMediaStore, mediaStoreFromEnv, S3MediaStore } from './media-store.ts';

let dir: string;
let s3: S3rver;
let endpoint: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jishi-s3-'));
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'jishi-media', configs: [] }] });
  const { port } = await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
});
after(async () => {
  await s3.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the S3 store puts objects with their type and answers the public URL', async () => {
  const store = new S3MediaStore({ endpoint, region: 'us-east-1', bucket: 'jishi-media', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', publicBaseUrl: 'https://img.mall.example.cn/' });
  const url = await store.put('u/2026/11/img_x-800.webp', Buffer.from('RIFF....WEBP'), 'image/webp');
  assert.equal(url, 'https://img.mall.example.cn/u/2026/11/img_x-800.webp');
  const res = await fetch(`${endpoint}/jishi-media/u/2026/11/img_x-800.webp`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/webp');
  assert.equal(await res.text(), 'RIFF....WEBP');
  await assert.rejects(store.put('../escape.webp', Buffer.from('x'), 'image/webp'));
});

test('the store is chosen by environment: local by default, S3 when MEDIA_S3_BUCKET is set (and complete)', () => {
  assert.ok(mediaStoreFromEnv({}, dir) instanceof LocalMediaStore);
  assert.ok(mediaStoreFromEnv({ MEDIA_S3_BUCKET: 'b', MEDIA_S3_ACCESS_KEY_ID: 'k', MEDIA_S3_SECRET_ACCESS_KEY: 's', MEDIA_PUBLIC_BASE_URL: 'https://x' }, dir) instanceof S3MediaStore);
  assert.throws(() => mediaStoreFromEnv({ MEDIA_S3_BUCKET: 'b' }, dir), /MEDIA_S3_ACCESS_KEY_ID/);
});

test('private files: stored outside what is served, read back only through the store', async () => {
  const local = new LocalMediaStore(path.join(dir, 'local', 'media'));
  await local.putPrivate('qualifications/app_1/qdoc_1.webp', Buffer.from('secret'), 'image/webp');
  assert.equal(fs.existsSync(path.join(dir, 'local', 'media', 'qualifications')), false, 'nothing under the served folder');
  assert.equal(String(await local.getPrivate('qualifications/app_1/qdoc_1.webp')), 'secret');
  assert.equal(await local.getPrivate('qualifications/app_1/missing.webp'), null);
  await assert.rejects(local.getPrivate('../media/x.webp'));

  const s3Store = new S3MediaStore({ endpoint, region: 'us-east-1', bucket: 'jishi-media', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', publicBaseUrl: 'https://img.mall.example.cn/' });
  await s3Store.putPrivate('qualifications/app_1/qdoc_1.webp', Buffer.from('secret'), 'image/webp');
  assert.equal(String(await s3Store.getPrivate('qualifications/app_1/qdoc_1.webp')), 'secret');
  assert.equal(await s3Store.getPrivate('qualifications/app_1/missing.webp'), null);
  const listed = await fetch(`${endpoint}/jishi-media/private/qualifications/app_1/qdoc_1.webp`);
  assert.equal(listed.status, 200, 'kept under private/, which the bucket policy leaves out of public read');
});
