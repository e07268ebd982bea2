import { data, redirect, type AppLoadContext } from 'react-router';
import type { Db } from '../../src/db/database.ts';
import { listNotifications, markRead, unreadCount } from '../../src/modules/notifications/notifications.service.ts';
import type { NotificationKind } from '../../src/modules/notifications/notifications.rules.ts';
import { dateTimeText } from './console-format.server.ts';
import { requireUser } from './guards.server.ts';
import { field } from './forms.ts';
import { translate } from '../i18n/messages.ts';

const PAGE_SIZE = 20;

export interface MessageView {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  time: string;
}

/** The unread badge for the store header (0 for a visitor). */
export async function unreadMessages(db: Db, userId: string | null | undefined): Promise<number> {
  return userId ? unreadCount(db, userId) : 0;
}

/** 消息中心: the signed-in shopper's messages, newest first, rendered in the page's language. */
export async function messagesLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const url = new URL(request.url);
  const unreadOnly = url.searchParams.get('tab') === 'unread';
  const page = Math.min(10_000, Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1)));
  const listed = await listNotifications(context.app.db, auth.userId, { page, pageSize: PAGE_SIZE, unreadOnly, locale: context.locale });
  return {
    tab: unreadOnly ? ('unread' as const) : ('all' as const),
    page,
    pageCount: Math.max(1, Math.ceil(listed.total / PAGE_SIZE)),
    unread: listed.unread,
    items: listed.items.map(
      (n): MessageView => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, read: n.read, time: dateTimeText(n.createdAt, context.locale) }),
    ),
  };
}

/**
 * 全部已读 (intent=all), or open one message (intent=open): it is marked read and the shopper is sent
 * where it leads. Only the shopper's own rows are read or changed; the link comes from the row (always
 * a path in the mall), never from the form.
 */
export async function messagesAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'all') {
    const { marked } = await markRead(app.db, app.clock, auth.userId, { all: true });
    return { ok: true as const, marked, message: translate(locale, 'notifications.markedAllRead') };
  }
  const id = field(form, 'id', 64);
  if ((intent !== 'open' && intent !== 'read') || !id) throw data(null, { status: 400 });
  await markRead(app.db, app.clock, auth.userId, { ids: [id] });
  if (intent === 'read') return { ok: true as const, marked: 1, message: null };
  const row = await app.db.selectFrom('notification').select('link').where('id', '=', id).where('user_id', '=', auth.userId).executeTakeFirst();
  if (!row) throw data(null, { status: 404 });
  return redirect(row.link && row.link.startsWith('/') && !row.link.startsWith('//') ? row.link : '/me/messages');
}
