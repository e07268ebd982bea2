import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { createRequestHandler, type ServerBuild } from 'react-router';
import type { AppContext } from '../app-context.ts';
import { policy } from './policy.ts';
import type { WebLoadContext } from '../../web/load-context.ts';

/** Where `react-router build` puts its output. */
export const WEB_BUILD_DIR = path.resolve('build');

export async function loadWebBuild(dir = WEB_BUILD_DIR): Promise<ServerBuild> {
  return (await import(path.join(dir, 'server', 'index.js'))) as ServerBuild;
}

function toFetchRequest(request: FastifyRequest): Request {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    const body = request.body;
    if (body instanceof Readable) {
      init.body = Readable.toWeb(body) as ReadableStream;
      init.duplex = 'half';
    } else if (typeof body === 'string') {
      init.body = body;
    } else if (Buffer.isBuffer(body)) {
      init.body = new Uint8Array(body);
    } else if (body !== undefined && body !== null) {
      init.body = JSON.stringify(body);
    }
  }
  return new Request(url, init);
}

async function sendFetchResponse(reply: FastifyReply, response: Response): Promise<void> {
  reply.code(response.status);
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    reply.header(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) reply.header('set-cookie', cookies);
  if (!response.body) return reply.send();
  return reply.send(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream));
}

/**
 * The server-rendered web (storefront `/`, merchant console `/seller`, platform console
 * `/admin`): React Router in framework mode behind one catch-all route. Page loaders get the
 * same AppContext and the caller's AuthContext, and call domain services in-process.
 */
export function webRoutes(ctx: AppContext, build: ServerBuild, clientDir = path.join(WEB_BUILD_DIR, 'client')) {
  return async (app: FastifyInstance) => {
    const handle = createRequestHandler(build, ctx.config.production ? 'production' : 'development');

    await app.register(fastifyStatic, {
      root: path.join(clientDir, 'assets'),
      prefix: '/assets/',
      immutable: true,
      maxAge: '1y',
      decorateReply: false,
    });

    // Page actions receive forms; hand their bodies to React Router untouched.
    app.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'], (_req, payload, done) => done(null, payload));

    const render = async (request: FastifyRequest, reply: FastifyReply) => {
      const loadContext: WebLoadContext = {
        app: ctx,
        auth: request.auth,
        locale: request.locale,
        requestId: String(request.id),
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      };
      const response = await handle(toFetchRequest(request), loadContext as never);
      return sendFetchResponse(reply, response);
    };

    app.route({ method: ['GET', 'HEAD', 'POST'], url: '/*', config: { policy: policy.public() }, handler: render });
    app.route({ method: ['GET', 'HEAD', 'POST'], url: '/', config: { policy: policy.public() }, handler: render });
  };
}
