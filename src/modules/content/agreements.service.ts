import { sql } from 'kysely';
import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { maskEmail, maskMobile } from '../identity/identity.rules.ts';
import {
  AGREEMENT_NAMES,
  AGREEMENT_NOTICE_MS,
  CONSENT_PURPOSES,
  LIMITS,
  REGISTRATION_AGREEMENTS,
  agreementAppliesTo,
  announcementAudienceFor,
  checkText,
  chinaMinute,
  earliestEffectiveAt,
} from './content.rules.ts';
import type { AcceptanceVia, AgreementKind, AgreementVersion, ConsentPurpose } from './content.tables.ts';
import { OPERATING_SHOP_STATUSES } from '../merchants/shop-exit.service.ts';
import type { ShopStatus } from '../merchants/merchants.tables.ts';
import { DEFAULT_COMMISSION_BP } from '../payments/payments.settings.ts';

export interface RequestMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/** A published version as shoppers and API clients see it. */
export interface VersionSummary {
  id: string;
  kind: AgreementKind;
  version: number;
  title: string;
  summary: string;
  publishedAt: Date;
  effectiveAt: Date;
}

const summaryOf = (v: AgreementVersion, kind: AgreementKind): VersionSummary => ({
  id: v.id,
  kind,
  version: v.version,
  title: v.title,
  summary: v.summary,
  publishedAt: v.published_at!,
  effectiveAt: v.effective_at!,
});

const clip = (value: string | undefined, max: number) => (value ? value.slice(0, max) : null);

// ----- reading -------------------------------------------------------------------------------

/** The version of each agreement in force at `now` (published, effective, the latest such). */
export async function currentVersions(q: Queryable, now: Date, kinds?: readonly AgreementKind[]): Promise<Map<AgreementKind, AgreementVersion>> {
  let query = q
    .selectFrom('agreement_version as v')
    .innerJoin('agreement as a', 'a.id', 'v.agreement_id')
    .distinctOn('v.agreement_id')
    .selectAll('v')
    .select('a.kind')
    .where('v.status', '=', 'published')
    .where('v.effective_at', '<=', now)
    .orderBy('v.agreement_id')
    .orderBy('v.effective_at', 'desc');
  if (kinds) query = query.where('a.kind', 'in', [...kinds]);
  const rows = await query.execute();
  return new Map(rows.map(({ kind, ...v }) => [kind, v]));
}

/**
 * Whether the account owns a shop still in business (and so is bound by the merchant service agreement).
 * A shop leaving on the old terms (退出中, after its owner's dissent) or closed binds no one to new versions.
 */
async function ownsShop(q: Queryable, userId: string): Promise<boolean> {
  const row = await q
    .selectFrom('shop_member as m')
    .innerJoin('shop as s', 's.id', 'm.shop_id')
    .select('m.shop_id')
    .where('m.user_id', '=', userId)
    .where('m.role', '=', 'owner')
    .where('s.status', 'in', OPERATING_SHOP_STATUSES)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * The versions the account must accept before carrying on: for every agreement that applies to it,
 * the version in force, unless the account has accepted exactly that version. `audience` can be
 * passed when the caller already knows it (the session's shops), else it is read.
 */
export async function pendingAgreements(q: Queryable, clock: Clock, userId: string, audience?: { ownsShop: boolean }): Promise<VersionSummary[]> {
  const current = await currentVersions(q, clock.now());
  if (current.size === 0) return [];
  const who = audience ?? { ownsShop: await ownsShop(q, userId) };
  const applicable = [...current].filter(([kind]) => agreementAppliesTo(kind, who));
  if (applicable.length === 0) return [];
  const accepted = await q
    .selectFrom('agreement_acceptance')
    .select('version_id')
    .where('user_id', '=', userId)
    .where('version_id', 'in', applicable.map(([, v]) => v.id))
    .execute();
  const done = new Set(accepted.map((a) => a.version_id));
  const order = (kind: AgreementKind) => ['user_agreement', 'privacy_policy', 'merchant_service_agreement'].indexOf(kind);
  let pending = applicable.filter(([, v]) => !done.has(v.id));
  // The session's shops include exiting ones (退出中): their owners left on the old terms and are not asked.
  if (audience?.ownsShop && pending.some(([kind]) => kind === 'merchant_service_agreement') && !(await ownsShop(q, userId))) {
    pending = pending.filter(([kind]) => kind !== 'merchant_service_agreement');
  }
  return pending
    .sort(([a], [b]) => order(a) - order(b))
    .map(([kind, v]) => summaryOf(v, kind));
}

export interface AgreementPage {
  kind: AgreementKind;
  /** The version asked for (`?version=`), else the one in force; null when nothing is in force yet. */
  shown: (VersionSummary & { body: string; inForce: boolean }) | null;
  current: VersionSummary | null;
  /** Published, not yet in force (announced). */
  upcoming: VersionSummary[];
  /** Every published version, newest first. */
  history: (VersionSummary & { inForce: boolean })[];
}

/** What /terms, /privacy and GET /api/agreements/:kind show. */
export async function agreementPage(q: Queryable, now: Date, kind: AgreementKind, version?: number): Promise<AgreementPage> {
  const rows = await q
    .selectFrom('agreement_version as v')
    .innerJoin('agreement as a', 'a.id', 'v.agreement_id')
    .selectAll('v')
    .where('a.kind', '=', kind)
    .where('v.status', '=', 'published')
    .orderBy('v.version', 'desc')
    .execute();
  const inForce = rows.filter((r) => r.effective_at! <= now).sort((a, b) => b.effective_at!.getTime() - a.effective_at!.getTime())[0] ?? null;
  const history = rows.map((r) => ({ ...summaryOf(r, kind), inForce: r.id === inForce?.id }));
  const upcoming = rows.filter((r) => r.effective_at! > now).map((r) => summaryOf(r, kind)).reverse();
  let shownRow = inForce;
  if (version !== undefined) {
    shownRow = rows.find((r) => r.version === version) ?? null;
    if (!shownRow) throw new AppError('AGREEMENT_VERSION_NOT_FOUND');
  }
  return {
    kind,
    shown: shownRow ? { ...summaryOf(shownRow, kind), body: shownRow.body, inForce: shownRow.id === inForce?.id } : null,
    current: inForce ? summaryOf(inForce, kind) : null,
    upcoming,
    history,
  };
}

/** Published versions with their text, for the acceptance prompt. */
export async function versionsWithText(q: Queryable, ids: string[]): Promise<(VersionSummary & { body: string })[]> {
  if (ids.length === 0) return [];
  const rows = await q
    .selectFrom('agreement_version as v')
    .innerJoin('agreement as a', 'a.id', 'v.agreement_id')
    .selectAll('v')
    .select('a.kind')
    .where('v.id', 'in', ids)
    .where('v.status', '=', 'published')
    .execute();
  return rows.map(({ kind, ...v }) => ({ ...summaryOf(v, kind), body: v.body }));
}

// ----- accepting -----------------------------------------------------------------------------

export interface AcceptanceRecord {
  id: string;
  versionId: string;
  acceptedAt: Date;
  ip: string | null;
  via: AcceptanceVia;
}

async function insertAcceptances(trx: Trx, userId: string, versions: { id: string; agreement_id: string }[], now: Date, meta: RequestMeta, via: AcceptanceVia): Promise<AcceptanceRecord[]> {
  if (versions.length === 0) return [];
  await trx
    .insertInto('agreement_acceptance')
    .values(
      versions.map((v) => ({
        id: newId('acc'),
        user_id: userId,
        agreement_id: v.agreement_id,
        version_id: v.id,
        accepted_at: now,
        ip: clip(meta.ip, 64),
        user_agent: clip(meta.userAgent, 300),
        via,
      })),
    )
    // One record per account and version: a repeat (a double click, a retry) keeps the first.
    .onConflict((oc) => oc.columns(['user_id', 'version_id']).doNothing())
    .execute();
  const rows = await trx
    .selectFrom('agreement_acceptance')
    .select(['id', 'version_id', 'accepted_at', 'ip', 'via'])
    .where('user_id', '=', userId)
    .where('version_id', 'in', versions.map((v) => v.id))
    .execute();
  return rows.map((r) => ({ id: r.id, versionId: r.version_id, acceptedAt: r.accepted_at, ip: r.ip, via: r.via }));
}

/**
 * The account accepts published versions (in force or announced). A draft, an unknown id or an
 * agreement that does not bind the account is AGREEMENT_VERSION_NOT_FOUND, and nothing is written.
 */
export async function acceptAgreements(trx: Trx, clock: Clock, userId: string, versionIds: string[], meta: RequestMeta, via: AcceptanceVia): Promise<AcceptanceRecord[]> {
  const ids = [...new Set(versionIds)];
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('agreement_version as v')
    .innerJoin('agreement as a', 'a.id', 'v.agreement_id')
    .select(['v.id', 'v.agreement_id', 'a.kind'])
    .where('v.id', 'in', ids)
    .where('v.status', '=', 'published')
    .execute();
  const who = { ownsShop: await ownsShop(trx, userId) };
  if (rows.length !== ids.length || rows.some((r) => !agreementAppliesTo(r.kind, who))) throw new AppError('AGREEMENT_VERSION_NOT_FOUND');
  return insertAcceptances(trx, userId, rows, clock.now(), meta, via);
}

export interface RegistrationConsent {
  /** The versions the sign-up form showed; when given they must still be the ones in force. */
  agreementVersionIds?: string[] | undefined;
  /** Optional consents; anything not granted is recorded as declined. */
  consents?: Partial<Record<ConsentPurpose, boolean>> | undefined;
}

/**
 * At registration, in the transaction that creates the account: the account accepts the user
 * agreement and privacy policy in force, and its optional choices are recorded — declined ones too,
 * so the record shows the choice was offered and refused, not merely missing.
 */
export async function recordRegistrationConsent(trx: Trx, clock: Clock, userId: string, meta: RequestMeta, input: RegistrationConsent): Promise<void> {
  const now = clock.now();
  const current = [...(await currentVersions(trx, now, REGISTRATION_AGREEMENTS)).values()];
  if (input.agreementVersionIds) {
    const shown = new Set(input.agreementVersionIds);
    if (shown.size !== current.length || current.some((v) => !shown.has(v.id))) throw new AppError('AGREEMENT_VERSION_STALE');
  }
  await insertAcceptances(trx, userId, current, now, meta, 'registration');
  await trx
    .insertInto('user_consent')
    .values(
      CONSENT_PURPOSES.map((purpose) => ({
        id: newId('acc'),
        user_id: userId,
        purpose,
        granted: input.consents?.[purpose] === true,
        at: now,
        ip: clip(meta.ip, 64),
        user_agent: clip(meta.userAgent, 300),
        via: 'registration' as const,
      })),
    )
    .execute();
}

/** The choices in force (latest row per purpose); never asked → null. */
export async function getConsents(q: Queryable, userId: string): Promise<Record<ConsentPurpose, { granted: boolean; at: Date } | null>> {
  const rows = await q
    .selectFrom('user_consent')
    .distinctOn('purpose')
    .select(['purpose', 'granted', 'at'])
    .where('user_id', '=', userId)
    .orderBy('purpose')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const out: Record<ConsentPurpose, { granted: boolean; at: Date } | null> = { marketing: null, personalisation: null };
  for (const r of rows) out[r.purpose] = { granted: r.granted, at: r.at };
  return out;
}

/** Changes optional consents; a row is written only for a choice that changes. */
export async function setConsents(trx: Trx, clock: Clock, userId: string, input: Partial<Record<ConsentPurpose, boolean>>, meta: RequestMeta) {
  // Serialise one account's changes, so two at once cannot both see "unchanged".
  await trx.selectFrom('app_user').select('id').where('id', '=', userId).forNoKeyUpdate().executeTakeFirstOrThrow();
  const before = await getConsents(trx, userId);
  const now = clock.now();
  const changes = CONSENT_PURPOSES.filter((p) => input[p] !== undefined && before[p]?.granted !== input[p]);
  if (changes.length > 0) {
    await trx
      .insertInto('user_consent')
      .values(changes.map((purpose) => ({ id: newId('acc'), user_id: userId, purpose, granted: input[purpose]!, at: now, ip: clip(meta.ip, 64), user_agent: clip(meta.userAgent, 300), via: 'settings' as const })))
      .execute();
  }
  return getConsents(trx, userId);
}

// ----- 不同意新版商家服务协议，按原协议退出经营 (电子商务法 Art. 34) ----------------------------------

export interface DissentRecord {
  id: string;
  shopId: string;
  /** The version not accepted, and the version in force before it: the terms the shop leaves under. */
  version: VersionSummary;
  leavesUnder: VersionSummary;
  reason: string;
  at: Date;
}

async function dissentOf(q: Queryable, shopId: string): Promise<DissentRecord | null> {
  const row = await q.selectFrom('agreement_dissent').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
  if (!row) return null;
  const versions = await q.selectFrom('agreement_version').selectAll().where('id', 'in', [row.version_id, row.leaves_under_version_id]).execute();
  const of = (id: string) => summaryOf(versions.find((v) => v.id === id)!, 'merchant_service_agreement');
  return { id: row.id, shopId: row.shop_id, version: of(row.version_id), leavesUnder: of(row.leaves_under_version_id), reason: row.reason, at: row.at };
}

/**
 * A shop owner does not accept a published merchant service agreement version (in force or announced)
 * and leaves under the version in force before it. In one transaction: the dissent is recorded (which
 * version, under which terms, when, from where); the shop becomes 退出中 (`closing`: off the storefront,
 * no new orders, existing orders, after-sales and settlement continue); the commission rate of every line
 * not yet settled is fixed as it is now; and the owner is no longer asked to accept new versions at login.
 * A repeat for the same version answers the record already made.
 */
export async function dissentFromMerchantAgreement(
  trx: Trx,
  clock: Clock,
  userId: string,
  shopId: string,
  input: { versionId: string; reason?: string | undefined },
  meta: RequestMeta,
): Promise<DissentRecord> {
  const shop = await trx.selectFrom('shop').select(['id', 'status']).where('id', '=', shopId).forUpdate().executeTakeFirst();
  if (!shop) throw new AppError('SHOP_NOT_FOUND');
  const existing = await trx.selectFrom('agreement_dissent').select(['version_id']).where('shop_id', '=', shopId).executeTakeFirst();
  if (existing?.version_id === input.versionId) return (await dissentOf(trx, shopId))!;
  if (existing || !(OPERATING_SHOP_STATUSES as readonly string[]).includes(shop.status)) throw new AppError('SHOP_STATUS_CONFLICT', { status: shop.status });
  const now = clock.now();
  const versions = await trx
    .selectFrom('agreement_version as v')
    .innerJoin('agreement as a', 'a.id', 'v.agreement_id')
    .selectAll('v')
    .where('a.kind', '=', 'merchant_service_agreement')
    .where('v.status', '=', 'published')
    .orderBy('v.effective_at', 'desc')
    .execute();
  const version = versions.find((v) => v.id === input.versionId);
  const inForce = versions.find((v) => v.effective_at! <= now);
  // Only the version in force or one announced: a superseded version binds no one any more.
  if (!version || (version.effective_at! <= now && version.id !== inForce?.id)) throw new AppError('AGREEMENT_VERSION_NOT_FOUND');
  const accepted = await trx.selectFrom('agreement_acceptance').select('id').where('user_id', '=', userId).where('version_id', '=', version.id).executeTakeFirst();
  if (accepted) throw new AppError('AGREEMENT_DISSENT_ALREADY_ACCEPTED', { version: version.version });
  const leavesUnder = versions.find((v) => v.effective_at! < version.effective_at!);
  if (!leavesUnder) throw new AppError('AGREEMENT_DISSENT_NO_EARLIER_TERMS', { version: version.version });

  const id = newId('dis');
  await trx
    .insertInto('agreement_dissent')
    .values({
      id,
      shop_id: shopId,
      user_id: userId,
      version_id: version.id,
      leaves_under_version_id: leavesUnder.id,
      reason: (input.reason ?? '').trim().slice(0, 200),
      at: now,
      ip: clip(meta.ip, 64),
      user_agent: clip(meta.userAgent, 300),
    })
    .execute();
  await trx.updateTable('shop').set({ status: 'closing', frozen_reason: null, frozen_at: null, frozen_by: null }).where('id', '=', shopId).execute();
  await trx
    .insertInto('shop_status_event')
    .values({ shop_id: shopId, action: 'exit', reason: `不同意《商家服务协议》第 ${version.version} 版，按第 ${leavesUnder.version} 版退出经营`, actor_id: userId, created_at: now })
    .execute();
  // The old terms' money: every order line not yet settled keeps today's commission rate.
  await trx
    .insertInto('exit_commission_rate')
    .columns(['order_line_id', 'shop_id', 'commission_bp', 'fixed_at'])
    .expression(
      trx
        .selectFrom('order_line as l')
        .innerJoin('shop_order as o', 'o.id', 'l.order_id')
        .leftJoin('product as p', 'p.id', 'l.product_id')
        .leftJoin('category as c', 'c.id', 'p.category_id')
        .select((eb) => [
          'l.id',
          'o.shop_id',
          eb.fn.coalesce('c.commission_bp', eb.val(DEFAULT_COMMISSION_BP)).as('commission_bp'),
          eb.val(now).as('fixed_at'),
        ])
        .where('o.shop_id', '=', shopId)
        .where('o.status', '<>', 'cancelled')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('order_funds as f').select('f.shop_order_id').whereRef('f.shop_order_id', '=', 'o.id').where('f.status', 'in', ['settled', 'refunded'])))),
    )
    .onConflict((oc) => oc.column('order_line_id').doNothing())
    .execute();
  return (await dissentOf(trx, shopId))!;
}

export interface ShopAgreementState {
  shopStatus: ShopStatus;
  /** The merchant service agreement in force, and versions announced. */
  current: VersionSummary | null;
  upcoming: VersionSummary[];
  /**
   * Versions (in force or announced) the owner has not accepted: each can be accepted, or dissented from
   * when an earlier version was in force before it (`leavesUnder`, the terms the shop would leave under).
   */
  open: (VersionSummary & { leavesUnder: VersionSummary | null })[];
  dissent: DissentRecord | null;
}

/** The seller console's 协议与退出 page: where the shop stands with the merchant service agreement. */
export async function shopAgreementState(q: Queryable, clock: Clock, shopId: string, ownerId: string): Promise<ShopAgreementState> {
  const now = clock.now();
  const shop = await q.selectFrom('shop').select('status').where('id', '=', shopId).executeTakeFirstOrThrow();
  const page = await agreementPage(q, now, 'merchant_service_agreement');
  const candidates = [...(page.current ? [page.current] : []), ...page.upcoming];
  const accepted = candidates.length
    ? new Set(
        (await q.selectFrom('agreement_acceptance').select('version_id').where('user_id', '=', ownerId).where('version_id', 'in', candidates.map((v) => v.id)).execute()).map((a) => a.version_id),
      )
    : new Set<string>();
  const dissent = await dissentOf(q, shopId);
  return {
    shopStatus: shop.status,
    current: page.current,
    upcoming: page.upcoming,
    open: dissent
      ? []
      : candidates
          .filter((v) => !accepted.has(v.id))
          .map((v) => {
            const earlier = page.history.filter((h) => h.effectiveAt < v.effectiveAt).sort((a, b) => b.effectiveAt.getTime() - a.effectiveAt.getTime())[0];
            return { ...v, leavesUnder: earlier ?? null };
          }),
    dissent,
  };
}

// ----- the platform ----------------------------------------------------------------------------

export interface AdminVersion extends Omit<VersionSummary, 'publishedAt' | 'effectiveAt'> {
  body: string;
  status: 'draft' | 'published';
  publishedAt: Date | null;
  effectiveAt: Date | null;
  state: 'draft' | 'scheduled' | 'in_force' | 'superseded';
  acceptances: number;
  updatedAt: Date;
}

/** Every agreement with all its versions (newest first) and how many accounts accepted each. */
export async function listAgreementsAdmin(q: Queryable, now: Date): Promise<{ kind: AgreementKind; versions: AdminVersion[] }[]> {
  const rows = await q
    .selectFrom('agreement_version as v')
    .innerJoin('agreement as a', 'a.id', 'v.agreement_id')
    .selectAll('v')
    .select(['a.kind', sql<number>`(select count(*) from agreement_acceptance x where x.version_id = v.id)`.as('acceptances')])
    .orderBy('v.version', 'desc')
    .execute();
  const current = await currentVersions(q, now);
  return (['user_agreement', 'privacy_policy', 'merchant_service_agreement'] as const).map((kind) => ({
    kind,
    versions: rows
      .filter((r) => r.kind === kind)
      .map((r) => ({
        id: r.id,
        kind,
        version: r.version,
        title: r.title,
        summary: r.summary,
        body: r.body,
        status: r.status,
        publishedAt: r.published_at,
        effectiveAt: r.effective_at,
        state: r.status === 'draft' ? 'draft' : r.effective_at! > now ? 'scheduled' : current.get(kind)?.id === r.id ? 'in_force' : 'superseded',
        acceptances: Number(r.acceptances),
        updatedAt: r.updated_at,
      })),
  }));
}

export interface DraftInput {
  title?: string | undefined;
  summary?: string | undefined;
  body?: string | undefined;
}

function checkDraft(input: DraftInput) {
  const title = checkText(input.title, LIMITS.agreementTitle, 'AGREEMENT_TITLE_INVALID');
  const body = checkText(input.body, LIMITS.agreementBody, 'AGREEMENT_BODY_INVALID');
  const summary = (input.summary ?? '').trim();
  if ([...summary].length > LIMITS.agreementSummary) throw new AppError('AGREEMENT_SUMMARY_INVALID', { max: LIMITS.agreementSummary });
  return { title, body, summary };
}

async function lockAgreement(trx: Trx, kind: AgreementKind) {
  const row = await trx.selectFrom('agreement').select(['id', 'kind']).where('kind', '=', kind).forUpdate().executeTakeFirst();
  if (!row) throw new AppError('AGREEMENT_NOT_FOUND');
  return row;
}

/** A new draft version (the next number); one draft per agreement at a time. */
export async function createAgreementDraft(trx: Trx, clock: Clock, actorId: string | null, kind: AgreementKind, input: DraftInput): Promise<string> {
  const text = checkDraft(input);
  const agreement = await lockAgreement(trx, kind);
  const existing = await trx.selectFrom('agreement_version').select(['status']).select((eb) => eb.fn.max('version').as('max')).where('agreement_id', '=', agreement.id).groupBy('status').execute();
  if (existing.some((e) => e.status === 'draft')) throw new AppError('AGREEMENT_DRAFT_EXISTS');
  const version = Math.max(0, ...existing.map((e) => Number(e.max))) + 1;
  const now = clock.now();
  const id = newId('agv');
  await trx
    .insertInto('agreement_version')
    .values({ id, agreement_id: agreement.id, version, ...text, status: 'draft', created_by: actorId, created_at: now, updated_at: now })
    .execute();
  return id;
}

async function lockDraft(trx: Trx, versionId: string) {
  const row = await trx
    .selectFrom('agreement_version as v')
    .innerJoin('agreement as a', 'a.id', 'v.agreement_id')
    .selectAll('v')
    .select('a.kind')
    .where('v.id', '=', versionId)
    .forUpdate('v')
    .executeTakeFirst();
  if (!row) throw new AppError('AGREEMENT_VERSION_NOT_FOUND');
  if (row.status !== 'draft') throw new AppError('AGREEMENT_VERSION_PUBLISHED');
  return row;
}

export async function updateAgreementDraft(trx: Trx, clock: Clock, versionId: string, input: DraftInput): Promise<void> {
  const text = checkDraft(input);
  await lockDraft(trx, versionId);
  await trx.updateTable('agreement_version').set({ ...text, updated_at: clock.now() }).where('id', '=', versionId).execute();
}

export async function deleteAgreementDraft(trx: Trx, versionId: string): Promise<void> {
  await lockDraft(trx, versionId);
  await trx.deleteFrom('agreement_version').where('id', '=', versionId).execute();
}

/**
 * Publishes a draft: it takes effect at `effectiveAt` (≥ now + 7 days, except an agreement's first
 * version) and after every version already published; an announcement 《…》将于 … 生效 goes out to
 * the agreement's audience at once and stays up until a week after the date.
 */
export async function publishAgreementVersion(trx: Trx, clock: Clock, actorId: string, versionId: string, effectiveAt: Date): Promise<{ announcementId: string }> {
  const probe = await trx
    .selectFrom('agreement_version as v')
    .innerJoin('agreement as a', 'a.id', 'v.agreement_id')
    .select('a.kind')
    .where('v.id', '=', versionId)
    .executeTakeFirst();
  if (!probe) throw new AppError('AGREEMENT_VERSION_NOT_FOUND');
  // The agreement's row first, so two publications of one agreement queue up.
  await lockAgreement(trx, probe.kind);
  const draft = await lockDraft(trx, versionId);
  const now = clock.now();
  if (Number.isNaN(effectiveAt.getTime())) throw new AppError('AGREEMENT_NOTICE_TOO_SHORT', { earliest: chinaMinute(earliestEffectiveAt(draft.version, now)) });
  const earliest = earliestEffectiveAt(draft.version, now);
  if (effectiveAt < earliest) throw new AppError('AGREEMENT_NOTICE_TOO_SHORT', { earliest: chinaMinute(earliest) });
  const latest = await trx
    .selectFrom('agreement_version')
    .select('effective_at')
    .where('agreement_id', '=', draft.agreement_id)
    .where('status', '=', 'published')
    .orderBy('effective_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest?.effective_at && effectiveAt <= latest.effective_at) throw new AppError('AGREEMENT_EFFECTIVE_ORDER', { at: chinaMinute(latest.effective_at) });
  await trx
    .updateTable('agreement_version')
    .set({ status: 'published', published_at: now, published_by: actorId, effective_at: effectiveAt, updated_at: now })
    .where('id', '=', versionId)
    .execute();
  const name = AGREEMENT_NAMES[draft.kind].zh;
  const when = chinaMinute(effectiveAt);
  const immediate = effectiveAt.getTime() <= now.getTime();
  const announcementId = newId('ann');
  await trx
    .insertInto('announcement')
    .values({
      id: announcementId,
      title: immediate ? `《${name}》已发布（第 ${draft.version} 版）` : `《${name}》将于 ${when.slice(0, 10)} 生效`,
      body: [
        immediate
          ? `《${name}》第 ${draft.version} 版已于 ${when} 发布并生效。`
          : `我们修订了《${name}》，第 ${draft.version} 版将于 ${when}（北京时间）起生效。`,
        draft.summary ? `主要变更：\n${draft.summary}` : '',
        `请阅读全文：${agreementPath(draft.kind)}`,
        immediate ? '' : '新版本生效后，您下次登录时需要阅读并同意新版本；如不同意，可以停止使用本平台的服务。',
      ]
        .filter(Boolean)
        .join('\n\n'),
      audience: announcementAudienceFor(draft.kind),
      pinned: true,
      publish_at: now,
      expire_at: new Date(Math.max(effectiveAt.getTime(), now.getTime()) + AGREEMENT_NOTICE_MS),
      agreement_version_id: versionId,
      created_by: actorId,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { announcementId };
}

/** Where the storefront shows an agreement. */
export function agreementPath(kind: AgreementKind): string {
  return kind === 'user_agreement' ? '/terms' : kind === 'privacy_policy' ? '/privacy' : '/merchant-agreement';
}

export interface AcceptanceFilter {
  /** An account id, or its mobile number / email. */
  user?: string | undefined;
  kind?: AgreementKind | undefined;
  versionId?: string | undefined;
  page: number;
  pageSize: number;
}

export interface AcceptanceRow {
  id: string;
  userId: string;
  userName: string;
  /** 138****8000 or a***@example.com */
  login: string | null;
  kind: AgreementKind;
  versionId: string;
  version: number;
  acceptedAt: Date;
  ip: string | null;
  userAgent: string | null;
  via: AcceptanceVia;
}

/** The acceptance record, newest first: by account, agreement or version. */
export async function listAcceptances(q: Queryable, filter: AcceptanceFilter): Promise<{ items: AcceptanceRow[]; total: number }> {
  let base = q
    .selectFrom('agreement_acceptance as x')
    .innerJoin('agreement_version as v', 'v.id', 'x.version_id')
    .innerJoin('agreement as a', 'a.id', 'x.agreement_id')
    .innerJoin('app_user as u', 'u.id', 'x.user_id');
  const who = filter.user?.trim();
  if (who) {
    const digits = who.replace(/[\s-]/g, '').replace(/^\+?86/, '');
    base = base.where((eb) => eb.or([eb('u.id', '=', who), eb('u.email', '=', who.toLowerCase()), eb('u.mobile', '=', `+86${digits}`)]));
  }
  if (filter.kind) base = base.where('a.kind', '=', filter.kind);
  if (filter.versionId) base = base.where('x.version_id', '=', filter.versionId);
  const [rows, total] = await Promise.all([
    base
      .select(['x.id', 'x.user_id', 'u.display_name', 'u.mobile', 'u.email', 'a.kind', 'x.version_id', 'v.version', 'x.accepted_at', 'x.ip', 'x.user_agent', 'x.via'])
      .orderBy('x.accepted_at', 'desc')
      .orderBy('x.id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      userName: r.display_name,
      login: r.mobile ? maskMobile(r.mobile) : r.email ? maskEmail(r.email) : null,
      kind: r.kind,
      versionId: r.version_id,
      version: r.version,
      acceptedAt: r.accepted_at,
      ip: r.ip,
      userAgent: r.user_agent,
      via: r.via,
    })),
  };
}
