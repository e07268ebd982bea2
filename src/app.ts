import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import fs from 'node:fs';
import path from 'node:path';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { ServerBuild } from 'react-router';
import type { AppContext } from './app-context.ts';
import './http/request-context.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { registerSecurityHooks } from './http/security.ts';
import { registerIdempotencyHooks } from './http/idempotency-hooks.ts';
import { loggerOptions } from './http/logging.ts';
import { policy } from './http/policy.ts';
import { webRoutes } from './http/web.ts';
import { identityRoutes } from './modules/identity/identity.routes.ts';
import { accountClosureRoutes } from './modules/identity/account-closure.routes.ts';
import { merchantsRoutes } from './modules/merchants/merchants.routes.ts';
import { catalogRoutes } from './modules/catalog/catalog.routes.ts';
import { taxonomyRoutes } from './modules/catalog/taxonomy.routes.ts';
import { sitemapRoutes } from './modules/catalog/sitemap.routes.ts';
import { cartRoutes } from './modules/cart/cart.routes.ts';
import { ordersRoutes } from './modules/orders/orders.routes.ts';
import { timerSettingsRoutes } from './modules/orders/timer-settings.routes.ts';
import { addressesRoutes } from './modules/addresses/addresses.routes.ts';
import { shippingRoutes } from './modules/shipping/shipping.routes.ts';
import { sandboxGatewayRoutes } from './modules/payments/sandbox/sandbox.routes.ts';
import { paymentsRoutes } from './modules/payments/payments.routes.ts';
import { afterSalesRoutes } from './modules/after-sales/after-sales.routes.ts';
import { shipmentsRoutes } from './modules/shipments/shipments.routes.ts';
import { serviceRoutes } from './modules/service/service.routes.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { staffRoutes } from './modules/merchants/staff.routes.ts';
import { twoFactorRoutes } from './modules/identity/two-factor.routes.ts';
import { platformStaffRoutes } from './modules/identity/platform-staff.routes.ts';
import { contentRoutes } from './modules/content/content.routes.ts';
import { onboardingRoutes } from './modules/merchants/onboarding.routes.ts';

export interface BuildAppOptions {
  /** The React Router server build; without it only the API is served. */
  web?: ServerBuild;
  /** Where request logs go (tests capture them); default stdout. */
  logStream?: NodeJS.WritableStream;
  logLevel?: string;
  /** Extra route plugins (tests use this to mount probe routes). */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
}

/** Routes registered by third-party plugins, which cannot carry our policy config. */
const PLUGIN_ROUTE_PREFIXES = ['/api/docs', '/assets/', '/media/'];

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** Builds the whole HTTP app without listening, so tests can `inject()`. */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? ctx.config.logLevel, options.logStream),
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.behindTls,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Deny by default: a route that does not say who may call it never starts.
  const routeTable: RouteOptions[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    if (PLUGIN_ROUTE_PREFIXES.some((p) => route.url.startsWith(p))) {
      route.config = { ...(route.config ?? {}), policy: policy.public() };
    }
    if (!(route.config as { policy?: unknown } | undefined)?.policy) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access policy (config.policy)`);
    }
    routeTable.push(route);
  });

  await app.register(fastifyCookie);
  registerErrorHandling(app);
  registerSecurityHooks(app, ctx);
  registerIdempotencyHooks(app, ctx);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Jishi API', description: '集市 multi-merchant mall: JSON API', version: '0.1.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'jishi_sid' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.get('/api/openapi.json', { config: { policy: policy.public() }, schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { config: { policy: policy.public() }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { policy: policy.public() }, schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return { status: 'ready', database: ctx.dbKind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: ctx.dbKind });
    }
  });

  // Uploaded and generated images (data/media); random names, served as plain files.
  const mediaDir = path.join(ctx.config.dataDir, 'media');
  fs.mkdirSync(mediaDir, { recursive: true });
  await app.register(fastifyStatic, { root: mediaDir, prefix: '/media/', decorateReply: false, maxAge: '30d', immutable: true, index: false, list: false });

  await app.register(identityRoutes(ctx));
  await app.register(accountClosureRoutes(ctx));
  await app.register(merchantsRoutes(ctx));
  await app.register(catalogRoutes(ctx));
  await app.register(taxonomyRoutes(ctx));
  await app.register(sitemapRoutes(ctx));
  await app.register(cartRoutes(ctx));
  await app.register(ordersRoutes(ctx));
  await app.register(timerSettingsRoutes(ctx));
  await app.register(addressesRoutes(ctx));
  await app.register(shippingRoutes(ctx));
  await app.register(sandboxGatewayRoutes(ctx));
  await app.register(paymentsRoutes(ctx));
  await app.register(afterSalesRoutes(ctx));
  await app.register(shipmentsRoutes(ctx));
  await app.register(serviceRoutes(ctx));
  await app.register(notificationsRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.register(staffRoutes(ctx));
  await app.register(twoFactorRoutes(ctx));
  await app.register(platformStaffRoutes(ctx));
  await app.register(contentRoutes(ctx));
  await app.register(onboardingRoutes(ctx));
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  if (options.web) await app.register(webRoutes(ctx, options.web));

  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered, with its config: the access-control tests walk it. */
    routeTable: RouteOptions[];
  }
}
