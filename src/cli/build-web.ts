import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { WEB_BUILD_DIR } from '../http/web.ts';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the web app (react-router build) when there is no build or the sources are newer. */
export async function ensureWebBuild(): Promise<void> {
  const marker = path.join(WEB_BUILD_DIR, 'server', 'index.js');
  const sources = ['web', 'react-router.config.ts', 'vite.config.ts'].filter((p) => fs.existsSync(p));
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
  const changed = sources.some((p) => (fs.statSync(p).isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs) > built);
  if (built && !changed) return;
  console.log('Building the web app (react-router build)…');
  const result = spawnSync('npx', ['react-router', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('web build failed');
}
