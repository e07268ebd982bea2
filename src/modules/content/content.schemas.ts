import { z } from 'zod';
import { AGREEMENT_KINDS, ANNOUNCEMENT_AUDIENCES, BANNER_THEMES, LIMITS, SUGGESTION_CATEGORIES, SUGGESTION_STATUSES } from './content.rules.ts';

const id = z.string().min(1).max(64);
/** Lengths are checked again by the service (in characters, with catalogued messages); these bound the request. */
const text = (max: number) => z.string().max(max * 2);
const page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };
const when = z.coerce.date();

export const agreementKind = z.enum(AGREEMENT_KINDS);
export const kindParams = z.object({ kind: agreementKind }).strict();
export const versionParams = z.object({ versionId: id }).strict();
export const idParams = z.object({ id }).strict();
export const gridParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) }).strict();
export const shopParams = z.object({ shopId: id }).strict();
export const agreementQuery = z.object({ version: z.coerce.number().int().min(1).max(100_000).optional() }).strict();

/** A version someone must accept, as the login and /api/me answers carry it. */
export const pendingAgreementView = z.object({
  id: z.string(),
  kind: agreementKind,
  version: z.number().int(),
  title: z.string(),
  summary: z.string(),
  publishedAt: z.date(),
  effectiveAt: z.date(),
});
export const pendingAgreementsView = z
  .array(pendingAgreementView)
  .describe('Agreement versions in force that this account has not accepted yet; clients show them and POST /api/me/agreements/accept');

/** Extra registration fields: the versions the form showed, and the optional consents (default: not granted). */
export const registrationConsentFields = {
  agreementVersionIds: z.array(id).max(5).optional().describe('The agreement versions shown to the user; refused with AGREEMENT_VERSION_STALE if no longer the ones in force'),
  consents: z
    .object({ marketing: z.boolean().optional(), personalisation: z.boolean().optional() })
    .strict()
    .optional()
    .describe('Optional consents (营销消息, 个性化推荐); anything not true is recorded as declined'),
};

export const draftBody = z.object({ title: text(LIMITS.agreementTitle), summary: text(LIMITS.agreementSummary).optional(), body: text(LIMITS.agreementBody) }).strict();
export const publishBody = z.object({ effectiveAt: when.describe('When the version takes effect: at least 7 days from now (the first version of an agreement: any time from now)') }).strict();
export const acceptBody = z.object({ versionIds: z.array(id).min(1).max(10) }).strict();
/** 不同意，按原协议退出经营: the version not accepted, and why (optional). */
export const dissentBody = z.object({ versionId: id, reason: text(200).optional() }).strict();
export const emptyBody = z.object({}).strict();
export const consentsBody = z.object({ marketing: z.boolean().optional(), personalisation: z.boolean().optional() }).strict();
export const acceptanceQuery = z
  .object({ user: z.string().max(254).optional(), kind: agreementKind.optional(), versionId: id.optional(), ...page })
  .strict();

export const announcementBody = z
  .object({
    title: text(LIMITS.announcementTitle),
    body: text(LIMITS.announcementBody),
    audience: z.enum(ANNOUNCEMENT_AUDIENCES),
    pinned: z.boolean().optional(),
    publishAt: when.optional(),
    expireAt: when.nullable().optional(),
  })
  .strict();
export const announcementListQuery = z.object({ ...page }).strict();

export const bannerBody = z
  .object({
    title: text(LIMITS.bannerTitle),
    subtitle: text(LIMITS.bannerSubtitle).optional(),
    imageUrl: z.string().max(LIMITS.url).nullable().optional(),
    linkUrl: z.string().max(LIMITS.url).optional(),
    theme: z.enum(BANNER_THEMES).optional(),
    sort: z.number().int().min(-1000).max(1000).optional(),
    startAt: when.optional(),
    endAt: when.nullable().optional(),
  })
  .strict();

export const gridBody = z
  .object({ name: text(LIMITS.gridName), categoryIds: z.array(id).max(LIMITS.gridCategories * 2), startAt: when.optional(), endAt: when.nullable().optional() })
  .strict();

export const suggestionBody = z.object({ category: z.enum(SUGGESTION_CATEGORIES), body: text(LIMITS.suggestionBody) }).strict();
export const suggestionStatus = z.enum(SUGGESTION_STATUSES);
export const myListQuery = z.object({ status: z.union([suggestionStatus, z.literal('open')]).optional(), ...page }).strict();
export const adminSuggestionQuery = myListQuery.extend({ role: z.enum(['shopper', 'merchant']).optional() }).strict();
export const processBody = z.object({ status: suggestionStatus.optional(), reply: text(LIMITS.suggestionReply).optional() }).strict();
