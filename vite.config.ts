import path from 'node:path';
import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';

const SRC = path.resolve('src') + path.sep;
const SERVER_OUT = path.resolve('build', 'server');

/** Is this (resolved) import one of the server's own modules under src/? */
function isServerSource(id: string, isResolved: boolean): boolean {
  return isResolved && id.startsWith(SRC);
}

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [reactRouter()],
  // antd-mobile's JS imports its own CSS, which plain Node cannot load: let Vite bundle it.
  ssr: { noExternal: ['antd-mobile'] },
  build: {
    chunkSizeWarningLimit: 1500,
    // The server build imports src/ at run time instead of bundling a copy: page loaders run
    // the very modules the API runs (same AppError class, no stale copy after a src change).
    // The process that loads build/server runs TypeScript through tsx (bin/jishi.js).
    ...(isSsrBuild
      ? {
          rollupOptions: {
            external: (id: string, _importer: string | undefined, isResolved: boolean) => isServerSource(id, isResolved),
            makeAbsoluteExternalsRelative: false,
            // build/server/index.js → ../../src/…
            output: { paths: (id: string) => (id.startsWith(SRC) ? path.relative(SERVER_OUT, id).split(path.sep).join('/') : id) },
          },
        }
      : {}),
  },
}));
