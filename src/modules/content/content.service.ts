import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { LIMITS, checkLink, checkSchedule, checkText } from './content.rules.ts';
import type { AnnouncementAudience, BannerTheme } from './content.tables.ts';
import type { CategoryItem } from '../catalog/catalog.queries.ts';

// ----- 公告 announcements ------------------------------------------------------------------------

export interface AnnouncementInput {
  title?: string | undefined;
  body?: string | undefined;
  audience: AnnouncementAudience;
  pinned?: boolean | undefined;
  publishAt?: Date | undefined;
  expireAt?: Date | null | undefined;
}

export type AnnouncementState = 'scheduled' | 'active' | 'expired';

export interface AnnouncementView {
  id: string;
  title: string;
  body: string;
  audience: AnnouncementAudience;
  pinned: boolean;
  publishAt: Date;
  expireAt: Date | null;
  agreementVersionId: string | null;
  state: AnnouncementState;
}

type AnnouncementRow = {
  id: string;
  title: string;
  body: string;
  audience: AnnouncementAudience;
  pinned: boolean;
  publish_at: Date;
  expire_at: Date | null;
  agreement_version_id: string | null;
};

const announcementView = (r: AnnouncementRow, now: Date): AnnouncementView => ({
  id: r.id,
  title: r.title,
  body: r.body,
  audience: r.audience,
  pinned: r.pinned,
  publishAt: r.publish_at,
  expireAt: r.expire_at,
  agreementVersionId: r.agreement_version_id,
  state: r.publish_at > now ? 'scheduled' : r.expire_at && r.expire_at <= now ? 'expired' : 'active',
});

function checkAnnouncement(input: AnnouncementInput, now: Date) {
  const title = checkText(input.title, LIMITS.announcementTitle, 'ANNOUNCEMENT_TITLE_INVALID');
  const body = checkText(input.body, LIMITS.announcementBody, 'ANNOUNCEMENT_BODY_INVALID');
  const publishAt = input.publishAt ?? now;
  checkSchedule(publishAt, input.expireAt);
  return { title, body, audience: input.audience, pinned: input.pinned ?? false, publish_at: publishAt, expire_at: input.expireAt ?? null };
}

export async function createAnnouncement(trx: Trx, clock: Clock, actorId: string | null, input: AnnouncementInput): Promise<string> {
  const now = clock.now();
  const id = newId('ann');
  await trx
    .insertInto('announcement')
    .values({ id, ...checkAnnouncement(input, now), created_by: actorId, created_at: now, updated_at: now })
    .execute();
  return id;
}

export async function updateAnnouncement(trx: Trx, clock: Clock, id: string, input: AnnouncementInput): Promise<void> {
  const now = clock.now();
  const values = checkAnnouncement(input, now);
  const result = await trx.updateTable('announcement').set({ ...values, updated_at: now }).where('id', '=', id).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new AppError('ANNOUNCEMENT_NOT_FOUND');
}

/** Takes an announcement down now: one not yet shown is removed, a shown one expires (and stays on record). */
export async function withdrawAnnouncement(trx: Trx, clock: Clock, id: string): Promise<void> {
  const now = clock.now();
  const row = await trx.selectFrom('announcement').select(['publish_at', 'expire_at']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new AppError('ANNOUNCEMENT_NOT_FOUND');
  if (row.publish_at >= now) await trx.deleteFrom('announcement').where('id', '=', id).execute();
  else if (!row.expire_at || row.expire_at > now) await trx.updateTable('announcement').set({ expire_at: now, updated_at: now }).where('id', '=', id).execute();
}

/** Who reads: the storefront (shoppers), merchants in their console, or the platform (everything). */
export type AnnouncementReader = 'storefront' | 'merchants' | 'platform';

const AUDIENCES: Record<Exclude<AnnouncementReader, 'platform'>, AnnouncementAudience[]> = {
  storefront: ['storefront', 'all'],
  merchants: ['merchants', 'all'],
};

/**
 * Announcements for a reader: shoppers and merchants get the ones shown now (pinned first, newest
 * first); the platform gets every one, with its state.
 */
export async function listAnnouncements(q: Queryable, now: Date, reader: AnnouncementReader, page = { page: 1, pageSize: 20 }): Promise<{ items: AnnouncementView[]; total: number }> {
  let base = q.selectFrom('announcement');
  if (reader !== 'platform') {
    base = base
      .where('audience', 'in', AUDIENCES[reader])
      .where('publish_at', '<=', now)
      .where((eb) => eb.or([eb('expire_at', 'is', null), eb('expire_at', '>', now)]));
  }
  const [rows, total] = await Promise.all([
    base
      .select(['id', 'title', 'body', 'audience', 'pinned', 'publish_at', 'expire_at', 'agreement_version_id'])
      .$if(reader !== 'platform', (qb) => qb.orderBy('pinned', 'desc'))
      .orderBy('publish_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => announcementView(r, now)), total: Number(total.n) };
}

/** One announcement a reader may see now (else ANNOUNCEMENT_NOT_FOUND: scheduled and expired ones are gone). */
export async function getAnnouncement(q: Queryable, now: Date, id: string, reader: AnnouncementReader): Promise<AnnouncementView> {
  const row = await q
    .selectFrom('announcement')
    .select(['id', 'title', 'body', 'audience', 'pinned', 'publish_at', 'expire_at', 'agreement_version_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('ANNOUNCEMENT_NOT_FOUND');
  const view = announcementView(row, now);
  if (reader !== 'platform' && (view.state !== 'active' || !AUDIENCES[reader].includes(view.audience))) throw new AppError('ANNOUNCEMENT_NOT_FOUND');
  return view;
}

// ----- 轮播图 banners ---------------------------------------------------------------------------

export interface BannerInput {
  title?: string | undefined;
  subtitle?: string | undefined;
  imageUrl?: string | null | undefined;
  linkUrl?: string | undefined;
  theme?: BannerTheme | undefined;
  sort?: number | undefined;
  startAt?: Date | undefined;
  endAt?: Date | null | undefined;
}

export interface BannerView {
  id: string;
  title: string;
  subtitle: string;
  imageUrl: string | null;
  linkUrl: string;
  theme: BannerTheme;
  sort: number;
  startAt: Date;
  endAt: Date | null;
  state: AnnouncementState;
}

function checkBanner(input: BannerInput, now: Date) {
  const title = checkText(input.title, LIMITS.bannerTitle, 'BANNER_TITLE_INVALID');
  const subtitle = (input.subtitle ?? '').trim();
  if ([...subtitle].length > LIMITS.bannerSubtitle) throw new AppError('BANNER_TITLE_INVALID', { max: LIMITS.bannerSubtitle });
  const startAt = input.startAt ?? now;
  checkSchedule(startAt, input.endAt);
  return {
    title,
    subtitle,
    image_url: checkLink(input.imageUrl ?? '', 'BANNER_IMAGE_INVALID') || null,
    link_url: checkLink(input.linkUrl, 'BANNER_LINK_INVALID'),
    theme: input.theme ?? 'red',
    sort: Math.max(-1000, Math.min(1000, Math.trunc(input.sort ?? 0))),
    start_at: startAt,
    end_at: input.endAt ?? null,
  };
}

export async function createBanner(trx: Trx, clock: Clock, input: BannerInput): Promise<string> {
  const now = clock.now();
  const id = newId('bnr');
  await trx.insertInto('banner').values({ id, ...checkBanner(input, now), created_at: now, updated_at: now }).execute();
  return id;
}

export async function updateBanner(trx: Trx, clock: Clock, id: string, input: BannerInput): Promise<void> {
  const now = clock.now();
  const result = await trx.updateTable('banner').set({ ...checkBanner(input, now), updated_at: now }).where('id', '=', id).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new AppError('BANNER_NOT_FOUND');
}

export async function deleteBanner(trx: Trx, id: string): Promise<void> {
  const result = await trx.deleteFrom('banner').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new AppError('BANNER_NOT_FOUND');
}

/** Banners: those showing now for the home page (by sort, then newest), or all for the platform. */
export async function listBanners(q: Queryable, now: Date, only: 'active' | 'all'): Promise<BannerView[]> {
  let query = q.selectFrom('banner').selectAll();
  if (only === 'active') query = query.where('start_at', '<=', now).where((eb) => eb.or([eb('end_at', 'is', null), eb('end_at', '>', now)]));
  const rows = await query.orderBy('sort').orderBy('start_at', 'desc').orderBy('id').limit(only === 'active' ? 8 : 200).execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    subtitle: r.subtitle,
    imageUrl: r.image_url,
    linkUrl: r.link_url,
    theme: r.theme,
    sort: r.sort,
    startAt: r.start_at,
    endAt: r.end_at,
    state: r.start_at > now ? 'scheduled' : r.end_at && r.end_at <= now ? 'expired' : 'active',
  }));
}

// ----- 首页类目 the home category grid -----------------------------------------------------------

export interface GridInput {
  name?: string | undefined;
  categoryIds: string[];
  startAt?: Date | undefined;
  endAt?: Date | null | undefined;
}

export interface GridView {
  id: number;
  name: string;
  categoryIds: string[];
  startAt: Date;
  endAt: Date | null;
  state: AnnouncementState;
}

async function checkGrid(q: Queryable, input: GridInput, now: Date) {
  const name = checkText(input.name, LIMITS.gridName, 'HOME_GRID_NAME_INVALID');
  const ids = input.categoryIds;
  const invalid = () => new AppError('HOME_GRID_CATEGORIES_INVALID', { max: LIMITS.gridCategories });
  if (ids.length === 0 || ids.length > LIMITS.gridCategories || new Set(ids).size !== ids.length) throw invalid();
  const found = await q.selectFrom('category').select('id').where('id', 'in', ids).execute();
  if (found.length !== ids.length) throw invalid();
  const startAt = input.startAt ?? now;
  checkSchedule(startAt, input.endAt);
  return { name, category_ids: JSON.stringify(ids), start_at: startAt, end_at: input.endAt ?? null };
}

export async function createGrid(trx: Trx, clock: Clock, input: GridInput): Promise<number> {
  const now = clock.now();
  const row = await trx
    .insertInto('home_category_grid')
    .values({ ...(await checkGrid(trx, input, now)), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateGrid(trx: Trx, clock: Clock, id: number, input: GridInput): Promise<void> {
  const now = clock.now();
  const values = await checkGrid(trx, input, now);
  const result = await trx.updateTable('home_category_grid').set({ ...values, updated_at: now }).where('id', '=', id).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new AppError('HOME_GRID_NOT_FOUND');
}

export async function deleteGrid(trx: Trx, id: number): Promise<void> {
  const result = await trx.deleteFrom('home_category_grid').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new AppError('HOME_GRID_NOT_FOUND');
}

export async function listGrids(q: Queryable, now: Date): Promise<GridView[]> {
  const rows = await q.selectFrom('home_category_grid').selectAll().orderBy('start_at', 'desc').orderBy('id', 'desc').limit(200).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    categoryIds: r.category_ids,
    startAt: r.start_at,
    endAt: r.end_at,
    state: r.start_at > now ? 'scheduled' : r.end_at && r.end_at <= now ? 'expired' : 'active',
  }));
}

/**
 * The home page's category grid now: the configuration in force that started last, its categories
 * in its order (categories since deleted drop out). Null when none is in force: the page falls
 * back to the top-level categories.
 */
export async function activeGridCategories(q: Queryable, now: Date): Promise<CategoryItem[] | null> {
  const grid = await q
    .selectFrom('home_category_grid')
    .select('category_ids')
    .where('start_at', '<=', now)
    .where((eb) => eb.or([eb('end_at', 'is', null), eb('end_at', '>', now)]))
    .orderBy('start_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!grid) return null;
  const ids = grid.category_ids;
  const rows = await q.selectFrom('category').select(['id', 'parent_id', 'level', 'name', 'name_en', 'icon']).where('id', 'in', ids).where('enabled', '=', true).execute();
  const byId = new Map(rows.map((r) => [r.id, { id: r.id, parentId: r.parent_id, level: r.level, name: r.name, nameEn: r.name_en, icon: r.icon }]));
  const out = ids.map((id) => byId.get(id)).filter((r): r is CategoryItem => Boolean(r));
  return out.length > 0 ? out : null;
}
