import { data, redirect, type AppLoadContext } from 'react-router';
import {
  acceptAgreements,
  agreementPage,
  agreementPath,
  createAgreementDraft,
  deleteAgreementDraft,
  listAcceptances,
  listAgreementsAdmin,
  pendingAgreements,
  publishAgreementVersion,
  updateAgreementDraft,
  versionsWithText,
  currentVersions,
} from '../../src/modules/content/agreements.service.ts';
import {
  activeGridCategories,
  createAnnouncement,
  createBanner,
  createGrid,
  deleteBanner,
  deleteGrid,
  getAnnouncement,
  listAnnouncements,
  listBanners,
  listGrids,
  updateAnnouncement,
  updateBanner,
  updateGrid,
  withdrawAnnouncement,
  type AnnouncementReader,
} from '../../src/modules/content/content.service.ts';
import { createSuggestion, listSuggestions, processSuggestion, processSuggestions } from '../../src/modules/content/suggestions.service.ts';
import { AGREEMENT_PUBLISHERS } from '../../src/modules/content/content.routes.ts';
import {
  AGREEMENT_KINDS,
  ANNOUNCEMENT_AUDIENCES,
  BANNER_THEMES,
  REGISTRATION_AGREEMENTS,
  SUGGESTION_CATEGORIES,
  SUGGESTION_STATUSES,
} from '../../src/modules/content/content.rules.ts';
import type { AgreementKind, AnnouncementAudience, BannerTheme, SuggestionCategory, SuggestionStatus } from '../../src/modules/content/content.tables.ts';
import { AppError } from '../../src/http/errors.ts';
import type { Trx } from '../../src/db/database.ts';
import { clearedSessionCookies, listAllCategories, logout } from './services.server.ts';
import { dateTimeText } from './console-format.server.ts';
import { formError } from './app-errors.server.ts';
import { allows, requireUser, requireArea } from './guards.server.ts';
import { safeRedirectTo } from './safe-redirect.ts';
import { field } from './forms.ts';
import { requestMeta } from './cookies.server.ts';
import { translate, type Locale, type MessageKey } from '../i18n/messages.ts';

import { AGREEMENT_KIND_NAMES, ANNOUNCEMENT_AUDIENCE_NAMES, BANNER_THEME_NAMES, SUGGESTION_CATEGORY_NAMES, SUGGESTION_STATUS_NAMES } from './content-views.ts';

// The browser's copies of the lists must be the server's.
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
if (
  !same(AGREEMENT_KINDS, AGREEMENT_KIND_NAMES) ||
  !same(ANNOUNCEMENT_AUDIENCES, ANNOUNCEMENT_AUDIENCE_NAMES) ||
  !same(BANNER_THEMES, BANNER_THEME_NAMES) ||
  !same(SUGGESTION_CATEGORIES, SUGGESTION_CATEGORY_NAMES) ||
  !same(SUGGESTION_STATUSES, SUGGESTION_STATUS_NAMES)
) {
  throw new Error('web/lib/content-views.ts is out of step with src/modules/content/content.rules.ts');
}
export type { AgreementKind, AnnouncementAudience, BannerTheme, SuggestionCategory, SuggestionStatus };

const dayText = (d: Date, locale: Locale) => dateTimeText(d, locale).slice(0, 10);
const oneOf = <T extends string>(value: string | null, list: readonly T[]): T | undefined => (list.includes(value as T) ? (value as T) : undefined);
const pageOf = (url: URL) => Math.min(10_000, Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1));

// ----- agreements at login and registration ----------------------------------------------------

/**
 * Where the browser goes after signing in: the acceptance page when agreement versions in force
 * still need the account's consent, else where it was going.
 */
export async function afterLoginPath(context: AppLoadContext, userId: string, redirectTo: string): Promise<string> {
  const pending = await pendingAgreements(context.app.db, context.app.clock, userId);
  if (pending.length === 0) return redirectTo;
  return redirectTo === '/' ? '/agreements/accept' : `/agreements/accept?redirectTo=${encodeURIComponent(redirectTo)}`;
}

/** The versions the sign-up form shows (and sends back, so a change in between is caught). */
export async function registrationAgreements(context: AppLoadContext) {
  const current = await currentVersions(context.app.db, context.app.clock.now(), REGISTRATION_AGREEMENTS);
  return [...current.values()].map((v) => v.id);
}

export async function acceptPageLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const redirectTo = safeRedirectTo(new URL(request.url).searchParams.get('redirectTo'));
  const pending = await pendingAgreements(context.app.db, context.app.clock, auth.userId, { ownsShop: auth.shops.some((s) => s.role === 'owner') });
  if (pending.length === 0) throw redirect(redirectTo);
  const versions = await versionsWithText(context.app.db, pending.map((p) => p.id));
  const locale = context.locale;
  return {
    redirectTo,
    versions: pending.map((p) => {
      const v = versions.find((x) => x.id === p.id)!;
      return { id: v.id, kind: v.kind, version: v.version, title: v.title, summary: v.summary, body: v.body, effectiveAt: dayText(v.effectiveAt, locale), href: agreementPath(v.kind) };
    }),
  };
}

export async function acceptPageAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const form = await request.formData();
  const redirectTo = safeRedirectTo(form.get('redirectTo'));
  if (field(form, 'intent', 10) === 'decline') {
    // 不同意: this session ends; the account stays as it was and is asked again at the next login.
    await logout(context.app.db, auth.sessionId, context.app.clock);
    const headers = new Headers();
    for (const cookie of clearedSessionCookies(context.app.config.behindTls)) headers.append('Set-Cookie', cookie);
    return redirect('/?declined=1', { status: 303, headers });
  }
  const ids = form.getAll('versionId').filter((v): v is string => typeof v === 'string').map((v) => v.slice(0, 64));
  const { app } = context;
  // Only what is pending now: a version that changed while the page was open is shown again.
  const pending = await pendingAgreements(app.db, app.clock, auth.userId, { ownsShop: auth.shops.some((s) => s.role === 'owner') });
  const shown = new Set(ids);
  if (pending.some((p) => !shown.has(p.id))) {
    return data({ error: formError(new AppError('AGREEMENT_VERSION_STALE'), context.locale).message }, { status: 409 });
  }
  await app.db.transaction().execute((trx) => acceptAgreements(trx, app.clock, auth.userId, pending.map((p) => p.id), requestMeta(context), 'login_prompt'));
  return redirect(redirectTo, { status: 303 });
}

// ----- the legal pages -------------------------------------------------------------------------

export async function legalLoader({ request, context, kind }: { request: Request; context: AppLoadContext; kind: AgreementKind }) {
  const url = new URL(request.url);
  const asked = url.searchParams.get('version');
  const version = asked && /^\d{1,6}$/.test(asked) ? Number(asked) : undefined;
  let page;
  try {
    page = await agreementPage(context.app.db, context.app.clock.now(), kind, version);
  } catch (error) {
    if ((error as { code?: string }).code === 'AGREEMENT_VERSION_NOT_FOUND') throw data(null, { status: 404, statusText: 'Not Found' });
    throw error;
  }
  const locale = context.locale;
  const v = (x: { version: number; title: string; effectiveAt: Date; publishedAt: Date; summary: string }) => ({
    version: x.version,
    title: x.title,
    summary: x.summary,
    effectiveAt: dayText(x.effectiveAt, locale),
    publishedAt: dayText(x.publishedAt, locale),
  });
  return {
    kind,
    path: agreementPath(kind),
    shown: page.shown ? { ...v(page.shown), body: page.shown.body, inForce: page.shown.inForce, upcoming: page.shown.effectiveAt > context.app.clock.now() } : null,
    currentVersion: page.current?.version ?? null,
    upcoming: page.upcoming.map(v),
    history: page.history.map((h) => ({ ...v(h), inForce: h.inForce, upcoming: h.effectiveAt > context.app.clock.now() })),
  };
}

// ----- announcements, banners, home ------------------------------------------------------------

export interface AnnouncementItem {
  id: string;
  title: string;
  body: string;
  pinned: boolean;
  audience: AnnouncementAudience;
  publishAt: string;
  expireAt: string | null;
  state: 'scheduled' | 'active' | 'expired';
  publishAtIso: string;
  expireAtIso: string | null;
  fromAgreement: boolean;
}

function announcementItem(a: Awaited<ReturnType<typeof getAnnouncement>>, locale: Locale): AnnouncementItem {
  return {
    id: a.id,
    title: a.title,
    body: a.body,
    pinned: a.pinned,
    audience: a.audience,
    publishAt: dateTimeText(a.publishAt, locale),
    expireAt: a.expireAt ? dateTimeText(a.expireAt, locale) : null,
    state: a.state,
    publishAtIso: a.publishAt.toISOString(),
    expireAtIso: a.expireAt?.toISOString() ?? null,
    fromAgreement: a.agreementVersionId !== null,
  };
}

/** The home page's banners, category grid (null: fall back) and the newest storefront announcements. */
export async function homeContent(context: AppLoadContext) {
  const { db, clock } = context.app;
  const now = clock.now();
  const [banners, grid, announcements] = await Promise.all([
    listBanners(db, now, 'active'),
    activeGridCategories(db, now),
    listAnnouncements(db, now, 'storefront', { page: 1, pageSize: 3 }),
  ]);
  return {
    banners: banners.map((b) => ({ id: b.id, title: b.title, subtitle: b.subtitle, imageUrl: b.imageUrl, linkUrl: b.linkUrl, theme: b.theme })),
    grid,
    announcements: announcements.items.map((a) => ({ id: a.id, title: a.title, pinned: a.pinned, date: dayText(a.publishAt, context.locale) })),
  };
}

export async function announcementsLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  const page = pageOf(new URL(request.url));
  const pageSize = 20;
  const list = await listAnnouncements(context.app.db, context.app.clock.now(), 'storefront', { page, pageSize });
  return { page, pageCount: Math.max(1, Math.ceil(list.total / pageSize)), items: list.items.map((a) => announcementItem(a, context.locale)) };
}

export async function announcementLoader({ context, id }: { context: AppLoadContext; id: string }) {
  try {
    return { item: announcementItem(await getAnnouncement(context.app.db, context.app.clock.now(), id.slice(0, 64), 'storefront'), context.locale) };
  } catch (error) {
    if ((error as { code?: string }).code === 'ANNOUNCEMENT_NOT_FOUND') throw data(null, { status: 404, statusText: 'Not Found' });
    throw error;
  }
}

/** The notice on the console overviews: what merchants (or the platform) are told now. */
export async function consoleAnnouncements(context: AppLoadContext, reader: Exclude<AnnouncementReader, 'storefront'>) {
  const { db, clock } = context.app;
  const now = clock.now();
  const list =
    reader === 'merchants'
      ? await listAnnouncements(db, now, 'merchants', { page: 1, pageSize: 5 })
      : { items: (await listAnnouncements(db, now, 'platform', { page: 1, pageSize: 20 })).items.filter((a) => a.state === 'active').slice(0, 5) };
  return list.items.map((a) => announcementItem(a, context.locale));
}

// ----- 建议箱 (shoppers) -------------------------------------------------------------------------

export interface SuggestionItem {
  id: string;
  role: 'shopper' | 'merchant';
  category: SuggestionCategory;
  body: string;
  status: SuggestionStatus;
  reply: string | null;
  repliedAt: string | null;
  createdAt: string;
  author: string;
  shop: string | null;
}

function suggestionItem(s: Awaited<ReturnType<typeof listSuggestions>>['items'][number], locale: Locale): SuggestionItem {
  return {
    id: s.id,
    role: s.role,
    category: s.category,
    body: s.body,
    status: s.status,
    reply: s.reply,
    repliedAt: s.repliedAt ? dateTimeText(s.repliedAt, locale) : null,
    createdAt: dateTimeText(s.createdAt, locale),
    author: s.author.name,
    shop: s.shop?.name ?? null,
  };
}

export async function mySuggestionsLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const list = await listSuggestions(context.app.db, { userId: auth.userId, role: 'shopper', page: 1, pageSize: 50 });
  return { items: list.items.map((s) => suggestionItem(s, context.locale)), sent: new URL(request.url).searchParams.get('sent') === '1' };
}

export async function mySuggestionsAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const form = await request.formData();
  const category = oneOf(field(form, 'category', 20), SUGGESTION_CATEGORIES) ?? 'other';
  const body = field(form, 'body', 4000);
  try {
    const { app } = context;
    await app.db.transaction().execute((trx) => createSuggestion(trx, app.clock, { userId: auth.userId, role: 'shopper' }, { category, body }));
    return redirect('/me/suggestions?sent=1', { status: 303 });
  } catch (error) {
    const { message, status } = formError(error, context.locale);
    return data({ error: message, category, body }, { status });
  }
}

// ----- the platform console --------------------------------------------------------------------

const CONTENT_TABS = ['announcements', 'banners', 'grid', 'agreements', 'acceptances'] as const;
export type ContentTab = (typeof CONTENT_TABS)[number];

export async function adminContentLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  requireArea(context, request, 'operations');
  const { db, clock } = context.app;
  const locale = context.locale;
  const now = clock.now();
  const url = new URL(request.url);
  const tab = oneOf(url.searchParams.get('tab'), CONTENT_TABS) ?? 'announcements';
  const accFilter = {
    user: (url.searchParams.get('user') ?? '').trim().slice(0, 254),
    kind: oneOf(url.searchParams.get('kind'), AGREEMENT_KINDS),
    versionId: (url.searchParams.get('versionId') ?? '').trim().slice(0, 64) || undefined,
    page: pageOf(url),
  };
  const [announcements, banners, grids, agreements, acceptances, categories] = await Promise.all([
    listAnnouncements(db, now, 'platform', { page: 1, pageSize: 100 }),
    listBanners(db, now, 'all'),
    listGrids(db, now),
    listAgreementsAdmin(db, now),
    listAcceptances(db, { ...accFilter, user: accFilter.user || undefined, pageSize: 20 }),
    listAllCategories(db),
  ]);
  const catName = new Map(categories.map((c) => [c.id, locale === 'en' && c.nameEn ? c.nameEn : c.name]));
  return {
    tab,
    canPublish: allows(context, AGREEMENT_PUBLISHERS),
    nowIso: now.toISOString(),
    announcements: announcements.items.map((a) => announcementItem(a, locale)),
    banners: banners.map((b) => ({
      ...b,
      startAt: dateTimeText(b.startAt, locale),
      endAt: b.endAt ? dateTimeText(b.endAt, locale) : null,
      startAtIso: b.startAt.toISOString(),
      endAtIso: b.endAt?.toISOString() ?? null,
    })),
    grids: grids.map((g) => ({
      ...g,
      names: g.categoryIds.map((id) => catName.get(id) ?? id),
      startAt: dateTimeText(g.startAt, locale),
      endAt: g.endAt ? dateTimeText(g.endAt, locale) : null,
      startAtIso: g.startAt.toISOString(),
      endAtIso: g.endAt?.toISOString() ?? null,
    })),
    categories: categories.filter((c) => c.level <= 2).map((c) => ({ id: c.id, name: catName.get(c.id) ?? c.name, level: c.level })),
    agreements: agreements.map((a) => ({
      kind: a.kind,
      versions: a.versions.map((v) => ({
        id: v.id,
        version: v.version,
        title: v.title,
        summary: v.summary,
        body: v.body,
        state: v.state,
        acceptances: v.acceptances,
        publishedAt: v.publishedAt ? dateTimeText(v.publishedAt, locale) : null,
        effectiveAt: v.effectiveAt ? dateTimeText(v.effectiveAt, locale) : null,
      })),
    })),
    acceptances: {
      filter: { user: accFilter.user, kind: accFilter.kind ?? '', versionId: accFilter.versionId ?? '', page: accFilter.page },
      total: acceptances.total,
      items: acceptances.items.map((x) => ({ ...x, acceptedAt: dateTimeText(x.acceptedAt, locale), acceptedAtIso: x.acceptedAt.toISOString() })),
    },
  };
}

type ActionResult = { ok: boolean; message: string };

const dateField = (form: FormData, name: string): Date | null | undefined => {
  const raw = field(form, name, 40).trim();
  if (!raw) return null;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw new AppError('CONTENT_SCHEDULE_INVALID');
  return d;
};

export async function adminContentAction({ request, context }: { request: Request; context: AppLoadContext }): Promise<ActionResult> {
  const auth = requireArea(context, request, 'operations');
  const { app, locale } = context;
  const form = await request.formData();
  const intent = field(form, 'intent', 30);
  const id = field(form, 'id', 64);
  const ok = (key: MessageKey) => ({ ok: true, message: translate(locale, key) });
  const tx = <T>(fn: (trx: Trx) => Promise<T>) => app.db.transaction().execute(fn);
  try {
    switch (intent) {
      case 'announcement': {
        const input = {
          title: field(form, 'title', 400),
          body: field(form, 'body', 20_000),
          audience: oneOf(field(form, 'audience', 20), ANNOUNCEMENT_AUDIENCES) ?? 'all',
          pinned: form.get('pinned') === 'true',
          publishAt: dateField(form, 'publishAt') ?? undefined,
          expireAt: dateField(form, 'expireAt'),
        };
        await tx((trx) => (id ? updateAnnouncement(trx, app.clock, id, input) : createAnnouncement(trx, app.clock, auth.userId, input).then(() => undefined)));
        return ok('cms.saved');
      }
      case 'withdraw-announcement':
        await tx((trx) => withdrawAnnouncement(trx, app.clock, id));
        return ok('cms.withdrawn');
      case 'banner': {
        const input = {
          title: field(form, 'title', 200),
          subtitle: field(form, 'subtitle', 400),
          imageUrl: field(form, 'imageUrl', 600),
          linkUrl: field(form, 'linkUrl', 600),
          theme: oneOf(field(form, 'theme', 20), BANNER_THEMES) ?? 'red',
          sort: Number.parseInt(field(form, 'sort', 6), 10) || 0,
          startAt: dateField(form, 'startAt') ?? undefined,
          endAt: dateField(form, 'endAt'),
        };
        await tx((trx) => (id ? updateBanner(trx, app.clock, id, input) : createBanner(trx, app.clock, input).then(() => undefined)));
        return ok('cms.saved');
      }
      case 'delete-banner':
        await tx((trx) => deleteBanner(trx, id));
        return ok('cms.deleted');
      case 'grid': {
        const input = {
          name: field(form, 'name', 200),
          categoryIds: form.getAll('categoryIds').filter((v): v is string => typeof v === 'string').slice(0, 40).map((v) => v.slice(0, 64)),
          startAt: dateField(form, 'startAt') ?? undefined,
          endAt: dateField(form, 'endAt'),
        };
        const gridId = Number.parseInt(id, 10);
        await tx((trx) => (gridId ? updateGrid(trx, app.clock, gridId, input) : createGrid(trx, app.clock, input).then(() => undefined)));
        return ok('cms.saved');
      }
      case 'delete-grid':
        await tx((trx) => deleteGrid(trx, Number.parseInt(id, 10) || 0));
        return ok('cms.deleted');
      case 'draft':
      case 'delete-draft':
      case 'publish': {
        if (!allows(context, AGREEMENT_PUBLISHERS)) throw new AppError('FORBIDDEN');
        if (intent === 'delete-draft') {
          await tx((trx) => deleteAgreementDraft(trx, id));
          return ok('cms.deleted');
        }
        if (intent === 'publish') {
          const at = dateField(form, 'effectiveAt');
          if (!at) throw new AppError('AGREEMENT_NOTICE_TOO_SHORT', { earliest: '—' });
          await tx((trx) => publishAgreementVersion(trx, app.clock, auth.userId, id, at));
          return ok('cms.agr.published');
        }
        const input = { title: field(form, 'title', 400), summary: field(form, 'summary', 5000), body: field(form, 'body', 200_000) };
        const kind = oneOf(field(form, 'kind', 40), AGREEMENT_KINDS);
        if (id) await tx((trx) => updateAgreementDraft(trx, app.clock, id, input));
        else if (kind) await tx((trx) => createAgreementDraft(trx, app.clock, auth.userId, kind, input).then(() => undefined));
        else throw new AppError('AGREEMENT_NOT_FOUND');
        return ok('cms.saved');
      }
      default:
        throw data(null, { status: 400 });
    }
  } catch (error) {
    return { ok: false, message: formError(error, locale).message };
  }
}

export async function adminSuggestionsLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  requireArea(context, request, 'operations');
  const url = new URL(request.url);
  const status = url.searchParams.get('status');
  const filterStatus = status === 'all' ? undefined : (oneOf(status, SUGGESTION_STATUSES) ?? 'open');
  const role = oneOf(url.searchParams.get('role'), ['shopper', 'merchant'] as const);
  const page = pageOf(url);
  const pageSize = 20;
  const list = await listSuggestions(context.app.db, { status: filterStatus, role, page, pageSize }, 'oldest');
  return {
    state: { status: status === 'all' ? 'all' : (filterStatus ?? 'open'), role: role ?? '', page },
    total: list.total,
    pageSize,
    counts: list.counts,
    items: list.items.map((s) => suggestionItem(s, context.locale)),
  };
}

export async function adminSuggestionsAction({ request, context }: { request: Request; context: AppLoadContext }): Promise<ActionResult> {
  const auth = requireArea(context, request, 'operations');
  const { app, locale } = context;
  const form = await request.formData();
  const status = oneOf(field(form, 'status', 20), SUGGESTION_STATUSES);
  const reply = field(form, 'reply', 4000);
  const answer = reply.trim() ? reply : undefined;
  if (field(form, 'intent', 20) === 'bulk') return bulkProcessSuggestions(context, auth.userId, form, status, answer);
  try {
    await app.db.transaction().execute((trx) => processSuggestion(trx, app.clock, field(form, 'id', 64), auth.userId, { status, reply: answer }));
    return { ok: true, message: translate(locale, 'sug.processed') };
  } catch (error) {
    return { ok: false, message: formError(error, locale).message };
  }
}

/** 批量处理 from the list: the selected suggestions move together or not at all; a refusal names the suggestion it is about. */
async function bulkProcessSuggestions(context: AppLoadContext, actorId: string, form: FormData, status: SuggestionStatus | undefined, reply: string | undefined): Promise<ActionResult> {
  const { app, locale } = context;
  const ids = form.getAll('id').filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64);
  if (!status || ids.length === 0 || ids.length > 100) throw data(null, { status: 400 });
  try {
    const moved = await app.db.transaction().execute((trx) => processSuggestions(trx, app.clock, ids, actorId, { status, reply }));
    return { ok: true, message: translate(locale, 'list.bulkDone', { count: moved.length }) };
  } catch (error) {
    const { message } = formError(error, locale);
    const id = ((error as AppError).details as { id?: string } | undefined)?.id;
    if (!id) return { ok: false, message };
    const row = await app.db.selectFrom('suggestion').select('body').where('id', '=', id).executeTakeFirst();
    const chars = row ? [...row.body] : [];
    const body = row ? chars.slice(0, 20).join('') + (chars.length > 20 ? '…' : '') : id;
    return { ok: false, message: translate(locale, 'mlists.sug.bulkFailed', { body, message }) };
  }
}
