import { z } from 'zod';
import { NOTIFICATION_KINDS } from './notifications.rules.ts';

export const notificationsQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    unread: z.enum(['0', '1']).default('0').describe('1: unread messages only'),
  })
  .strict();

export const notificationView = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string().describe("rendered in the request's language"),
  body: z.string(),
  link: z.string().nullable().describe('a storefront path'),
  params: z.record(z.string(), z.unknown()).describe('what the text was rendered from (order ids, amounts in fen …)'),
  read: z.boolean(),
  readAt: z.date().nullable(),
  createdAt: z.date(),
});

export const notificationPage = z.object({
  items: z.array(notificationView),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
  unread: z.number(),
});

const notificationId = z.string().min(1).max(64);

export const markReadBody = z.union([
  z.object({ ids: z.array(notificationId).min(1).max(100) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

export const markReadResult = z.object({ marked: z.number(), unread: z.number() });
