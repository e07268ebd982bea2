import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import zlib from 'node:zlib';
import { describeEachDatabase } from '../../testing/databases.ts';
import { FakeClock } from '../../shared/clock.ts';
import { LocalMediaStore } from '../../shared/media-store.ts';
import { AppError } from '../../http/errors.ts';
import type { Db } from '../../db/database.ts';
import { importImageFromUrl, storeImage } from './images.service.ts';

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'stored';
  } catch (e) {
    return e instanceof AppError ? e.code : `unexpected: ${String(e)}`;
  }
};

describeEachDatabase('image uploads and imports (D4)', (database) => {
  const clock = new FakeClock('2026-11-23T08:00:00Z');
  let db: Db;
  let root: string;
  let media: LocalMediaStore;
  let server: http.Server;
  let serverHost: string;
  let png: Buffer;

  before(async () => {
    db = database().db;
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'jishi-media-'));
    media = new LocalMediaStore(root);
    png = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#e4393c' } }).png().toBuffer();
    server = http.createServer((req, res) => {
      if (req.url === '/ok.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      if (req.url === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (req.url === '/to-loopback') return res.writeHead(302, { location: 'https://127.0.0.1/' }).end();
      if (req.url === '/huge') {
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(Buffer.alloc(11 * 1024 * 1024));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    serverHost = `127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const upload = (bytes: Buffer) => storeImage(db, clock, media, { bytes, shopId: null, userId: null });

  test('a real picture is re-encoded to WebP at 200/400/800 under a random name', async () => {
    const stored = await upload(png);
    assert.match(stored.url, /^\/media\/u\/2026\/11\/img_[0-9a-z]+-800\.webp$/);
    assert.equal(stored.width, 800);
    for (const w of [200, 400, 800]) {
      const file = path.join(root, stored.url.replace('/media/', '').replace('-800.webp', `-${w}.webp`));
      const meta = await sharp(file).metadata();
      assert.equal(meta.format, 'webp');
      assert.equal(meta.width, w);
    }
    const row = await db.selectFrom('media_image').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow();
    assert.equal(row.url, stored.url);
  });

  test('a JPEG with a script appended comes out as a clean WebP (the payload is gone)', async () => {
    const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#333' } }).jpeg().toBuffer();
    const polyglot = Buffer.concat([jpeg, Buffer.from('<script>alert(document.cookie)</script>')]);
    const stored = await upload(polyglot);
    const out = fs.readFileSync(path.join(root, stored.url.replace('/media/', '')));
    assert.ok(!out.includes('<script>'));
  });

  test('non-images, scripted SVG, HTML renamed .jpg, oversized files and pixel floods are refused', async () => {
    assert.equal(await code(upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))), 'IMAGE_INVALID');
    assert.equal(await code(upload(Buffer.from('<html><script>alert(1)</script></html>'))), 'IMAGE_INVALID');
    assert.equal(await code(upload(Buffer.from('%PDF-1.4 fake'))), 'IMAGE_INVALID');
    assert.equal(await code(upload(png.subarray(0, 100))), 'IMAGE_INVALID', 'a truncated PNG');
    assert.equal(await code(upload(Buffer.alloc(20 * 1024 * 1024, 1))), 'IMAGE_TOO_LARGE');
    // A tiny PNG whose header claims 50,000 × 50,000 pixels.
    const flood = Buffer.from(png);
    flood.writeUInt32BE(50_000, 16);
    flood.writeUInt32BE(50_000, 20);
    flood.writeUInt32BE(zlib.crc32(flood.subarray(12, 29)), 29);
    assert.equal(await code(upload(flood)), 'IMAGE_TOO_LARGE');
  });

  test('SSRF: imports from our own network, other schemes, or redirects inward are refused', async () => {
    const imp = (url: string, testing = false) =>
      importImageFromUrl(db, clock, media, { url, shopId: null, userId: null }, testing ? { allowForTesting: { hosts: [serverHost] } } : {});
    for (const url of [
      'https://127.0.0.1/a.png',
      'https://localhost/a.png',
      'https://[::1]/a.png',
      'https://0x7f000001/a.png',
      'https://2130706433/a.png',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.8/a.png',
      'https://192.168.1.1/a.png',
      'https://[::ffff:127.0.0.1]/a.png',
      'http://example.com/a.png',
      'file:///etc/passwd',
      'gopher://127.0.0.1:6379/_INFO',
      'https://user:pass@example.com/a.png',
      'not a url',
    ]) {
      assert.equal(await code(imp(url)), 'IMAGE_URL_FORBIDDEN', url);
    }
    assert.equal(await code(imp(`http://${serverHost}/ok.png`, true)), 'stored', 'the fixture server itself works');
    assert.equal(await code(imp(`http://${serverHost}/to-metadata`, true)), 'IMAGE_URL_FORBIDDEN');
    assert.equal(await code(imp(`http://${serverHost}/to-loopback`, true)), 'IMAGE_URL_FORBIDDEN');
    assert.equal(await code(imp(`http://${serverHost}/huge`, true)), 'IMAGE_TOO_LARGE');
  });
});
