import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { policy } from '../../http/policy.ts';
import { markReadBody, markReadResult, notificationPage, notificationsQuery } from './notifications.schemas.ts';
import { listNotifications, markRead } from './notifications.service.ts';

const tags = ['notifications'];

/** 消息中心: the signed-in user's messages and marking them read. */
export function notificationsRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/api/me/notifications', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: 'My messages, newest first, with the unread count (text in the request’s language)', querystring: notificationsQuery, response: { 200: notificationPage } },
      handler: async (request) =>
        listNotifications(ctx.db, request.auth!.userId, { page: request.query.page, pageSize: request.query.pageSize, unreadOnly: request.query.unread === '1', locale: request.locale }),
    });

    // Marking read is naturally idempotent (read stays read), so it needs no Idempotency-Key.
    r.post('/api/me/notifications/read', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: 'Mark messages read: { ids } (only my own; others are ignored) or { all: true }', body: markReadBody, response: { 200: markReadResult } },
      handler: async (request) => markRead(ctx.db, ctx.clock, request.auth!.userId, request.body),
    });
  };
}
