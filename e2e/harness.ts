/**
 * What the browser suites share: a real server on a random port over a fresh PGlite data folder,
 * Debian's chromium through playwright-core, pages in zh-CN, screenshots under test-results/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { openRuntime, startServer, type RunningServer, type Runtime } from '../src/server.ts';
import { ensureWebBuild } from '../src/cli/build-web.ts';
import type { Clock } from '../src/shared/clock.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = path.resolve('test-results');
export const browserSkip = fs.existsSync(CHROMIUM) ? false : `browser suite skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`;

export const PHONE = { width: 390, height: 844 };

/**
 * ensureWebBuild() behind a lock: the test runner starts several browser suites at once, and two
 * `react-router build`s writing build/ together break each other. The first builds (when sources
 * changed); the others wait, then find the build up to date.
 */
export async function buildWebOnce(): Promise<void> {
  const lock = path.join(os.tmpdir(), `jishi-web-build-${Buffer.from(process.cwd()).toString('base64url').slice(-40)}.lock`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true }); // left by a killed run
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await ensureWebBuild();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
export const DESKTOP = { width: 1280, height: 860 };

export interface Login {
  identifier: string;
  password: string;
}

export interface Harness {
  runtime: Runtime;
  base: string;
  /** A new browser context (its own cookies) with one page. */
  newPage(options?: { viewport?: { width: number; height: number }; mobile?: boolean }): Promise<Page>;
  shot(page: Page, name: string, fullPage?: boolean): Promise<void>;
  /**
   * `<name>-phone` and `<name>-desktop`. Storefront pages are resized in place (and left at the size they had);
   * console pages (`fresh`) are opened again at phone size, since antd lays out once.
   */
  shotBoth(page: Page, name: string, fresh?: boolean): Promise<void>;
  logIn(page: Page, who: Login): Promise<void>;
  /** Waits until React has hydrated the page (root.tsx marks `<html data-hydrated>`): before that, typing and clicks can be lost. */
  hydrated(page: Page): Promise<void>;
  /** Starts the HTTP server and the browser (after the test has put its data in). */
  serve(): Promise<void>;
  close(): Promise<void>;
}

/** A port that was free a moment ago: the server must know its own URL (PUBLIC_BASE_URL) before it starts. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface HarnessOptions {
  /** The runtime's clock (a FakeClock lets a suite move time past timers); default the system clock. */
  clock?: Clock;
}

/**
 * Opens the runtime (migrated PGlite in a temp folder). Call serve() once the test data is in.
 * The port is chosen now, so PUBLIC_BASE_URL — on which payment notify and return URLs and the
 * sandbox pay page are built — is the address the server will listen on.
 */
export async function openHarness(prefix: string, options: HarnessOptions = {}): Promise<Harness> {
  await buildWebOnce();
  fs.mkdirSync(SHOTS, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `jishi-${prefix}-`));
  const port = await freePort();
  const config = loadConfig({
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    JISHI_DATA_DIR: dataDir,
    JISHI_JOBS: 'off',
    DATABASE_URL: '',
    LOG_LEVEL: 'warn',
  });
  const runtime = await openRuntime(config, options.clock);
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const harness: Harness = {
    runtime,
    base: '',
    async serve() {
      server = await startServer(runtime);
      const address = server.app.server.address();
      assert.ok(address && typeof address === 'object');
      harness.base = `http://127.0.0.1:${address.port}`;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    },
    async newPage(options = {}) {
      if (!browser) throw new Error('call serve() first');
      const mobile = options.mobile ?? false;
      const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, locale: 'zh-CN', isMobile: mobile, hasTouch: mobile });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      return page;
    },
    async shot(page, name, fullPage = true) {
      await page.screenshot({ path: path.join(SHOTS, `${prefix}-${name}.png`), fullPage });
    },
    async shotBoth(page, name, fresh = false) {
      const size = page.viewportSize();
      if (fresh) {
        await harness.shot(page, `${name}-desktop`);
        const phone = await page.context().newPage();
        await phone.setViewportSize(PHONE);
        await phone.goto(page.url());
        await phone.waitForLoadState('networkidle');
        await harness.shot(phone, `${name}-phone`);
        await phone.close();
        return;
      }
      await page.setViewportSize(PHONE);
      await harness.shot(page, `${name}-phone`);
      await page.setViewportSize(DESKTOP);
      await harness.shot(page, `${name}-desktop`);
      if (size) await page.setViewportSize(size);
    },
    async logIn(page, who) {
      await page.getByLabel('手机号或邮箱').fill(who.identifier);
      await page.getByLabel('密码', { exact: true }).fill(who.password);
      await page.getByRole('button', { name: '登录', exact: true }).click();
    },
    async hydrated(page) {
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser?.close();
      if (server) await server.stop();
      else await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
