import { Writable } from 'node:stream';
import { renderToPipeableStream } from 'react-dom/server';
import { ServerRouter, type EntryContext } from 'react-router';
import { createCache, extractStyle, StyleProvider } from '@ant-design/cssinjs';

/** How long a render may take before React gives up on pending parts (ms). */
export const streamTimeout = 5_000;

/**
 * Renders the whole page before sending it, then puts the Ant Design CSS-in-JS styles the
 * render produced into <head>, so the consoles are styled before any script runs. The
 * storefront uses plain CSS; for it the cache stays empty and nothing is added.
 */
export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, routerContext: EntryContext) {
  return new Promise<Response>((resolve, reject) => {
    const cache = createCache();
    let status = responseStatusCode;
    let shellFailed = false;
    let timer: NodeJS.Timeout | undefined;

    const { pipe, abort } = renderToPipeableStream(
      <StyleProvider cache={cache}>
        <ServerRouter context={routerContext} url={request.url} />
      </StyleProvider>,
      {
        onAllReady() {
          if (shellFailed) return;
          const chunks: Buffer[] = [];
          const sink = new Writable({
            write(chunk: Buffer | string, _encoding, done) {
              chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
              done();
            },
            final(done) {
              let html = Buffer.concat(chunks).toString('utf8');
              const styles = extractStyle(cache);
              // An empty cache still yields its bookkeeping <style>; only add real styles.
              if (/<style(?![^>]*data-ant-cssinjs-cache-path)/.test(styles)) {
                const at = html.indexOf('</head>');
                html = at === -1 ? styles + html : html.slice(0, at) + styles + html.slice(at);
              }
              responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
              responseHeaders.delete('Content-Length');
              clearTimeout(timer);
              resolve(new Response(html, { status, headers: responseHeaders }));
              done();
            },
          });
          pipe(sink);
        },
        onShellError(error: unknown) {
          shellFailed = true;
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          status = 500;
          // Errors React could not recover from end up here; RouteErrorResponses do not.
          if (!request.signal.aborted) console.error(error);
        },
      },
    );

    timer = setTimeout(abort, streamTimeout + 1_000);
    timer.unref();
  });
}
