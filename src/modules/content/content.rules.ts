import { AppError } from '../../http/errors.ts';
import { DAY } from '../../shared/clock.ts';
import type {
  AgreementKind,
  AnnouncementAudience,
  BannerTheme,
  ConsentPurpose,
  SuggestionCategory,
  SuggestionStatus,
} from './content.tables.ts';

export const AGREEMENT_KINDS = ['user_agreement', 'privacy_policy', 'merchant_service_agreement'] as const satisfies readonly AgreementKind[];
/** What every account agrees to at registration. */
export const REGISTRATION_AGREEMENTS = ['user_agreement', 'privacy_policy'] as const satisfies readonly AgreementKind[];
export const CONSENT_PURPOSES = ['marketing', 'personalisation'] as const satisfies readonly ConsentPurpose[];
export const ANNOUNCEMENT_AUDIENCES = ['storefront', 'merchants', 'all'] as const satisfies readonly AnnouncementAudience[];
export const BANNER_THEMES = ['red', 'orange', 'blue', 'green', 'purple', 'dark'] as const satisfies readonly BannerTheme[];
export const SUGGESTION_CATEGORIES = ['feature', 'experience', 'goods', 'service', 'rules', 'other'] as const satisfies readonly SuggestionCategory[];
export const SUGGESTION_STATUSES = ['new', 'reviewing', 'adopted', 'declined', 'closed'] as const satisfies readonly SuggestionStatus[];

/** 电子商务法 Art. 34: a changed agreement is announced at least 7 days before it takes effect. */
export const AGREEMENT_NOTICE_MS = 7 * DAY;

/** Character limits (checked by the service with catalogued messages, and by the tables). */
export const LIMITS = {
  agreementTitle: 100,
  agreementSummary: 2000,
  agreementBody: 100_000,
  announcementTitle: 100,
  announcementBody: 10_000,
  bannerTitle: 60,
  bannerSubtitle: 120,
  url: 500,
  gridName: 60,
  gridCategories: 20,
  suggestionBody: 1000,
  suggestionReply: 1000,
  /** Suggestions one account may send in 24 hours. */
  suggestionsPerDay: 10,
} as const;

/** Shown as 《用户协议》 etc. in announcements the service writes. */
export const AGREEMENT_NAMES: Record<AgreementKind, { zh: string; en: string }> = {
  user_agreement: { zh: '用户协议', en: 'Terms of Service' },
  privacy_policy: { zh: '隐私政策', en: 'Privacy Policy' },
  merchant_service_agreement: { zh: '商家服务协议', en: 'Merchant Service Agreement' },
};

/** Who is bound by an agreement: every account, or the owners of shops (who sign for the merchant). */
export function agreementAppliesTo(kind: AgreementKind, who: { ownsShop: boolean }): boolean {
  return kind === 'merchant_service_agreement' ? who.ownsShop : true;
}

/** The audience of the announcement a publication makes. */
export function announcementAudienceFor(kind: AgreementKind): AnnouncementAudience {
  return kind === 'merchant_service_agreement' ? 'merchants' : 'all';
}

/**
 * The earliest moment a version may take effect: the first version of an agreement changes
 * nothing and may take effect at once; every later one needs the 7-day notice.
 */
export function earliestEffectiveAt(version: number, publishedAt: Date): Date {
  return version === 1 ? publishedAt : new Date(publishedAt.getTime() + AGREEMENT_NOTICE_MS);
}

/**
 * 建议箱 moves as data: the platform looks at a suggestion (reviewing), adopts or declines it
 * (with an answer), and closes it; closed is final.
 */
export const SUGGESTION_TRANSITIONS: Record<SuggestionStatus, readonly SuggestionStatus[]> = {
  new: ['reviewing', 'adopted', 'declined', 'closed'],
  reviewing: ['adopted', 'declined', 'closed'],
  adopted: ['closed'],
  declined: ['closed'],
  closed: [],
};
/** Moves that need an answer to the author. */
export const SUGGESTION_NEEDS_REPLY: ReadonlySet<SuggestionStatus> = new Set(['adopted', 'declined']);

/** A time window [start, end) is open at `now`. */
export function inWindow(start: Date, end: Date | null, now: Date): boolean {
  return start.getTime() <= now.getTime() && (end === null || end.getTime() > now.getTime());
}

/** end must be after start (catalogued; the tables check it too). */
export function checkSchedule(start: Date, end: Date | null | undefined): void {
  if (Number.isNaN(start.getTime()) || (end && (Number.isNaN(end.getTime()) || end.getTime() <= start.getTime()))) throw new AppError('CONTENT_SCHEDULE_INVALID');
}

/** Text of 1..max characters (code points), trimmed; else the given catalogued error. */
export function checkText(
  value: string | undefined,
  max: number,
  code: 'AGREEMENT_TITLE_INVALID' | 'AGREEMENT_BODY_INVALID' | 'ANNOUNCEMENT_TITLE_INVALID' | 'ANNOUNCEMENT_BODY_INVALID' | 'BANNER_TITLE_INVALID' | 'SUGGESTION_BODY_INVALID' | 'SUGGESTION_REPLY_INVALID' | 'HOME_GRID_NAME_INVALID',
  { optional = false }: { optional?: boolean } = {},
): string {
  const text = (value ?? '').trim();
  const length = [...text].length;
  if ((!optional && length === 0) || length > max) throw new AppError(code, { max });
  return text;
}

/**
 * Where a banner may point: a path on this site (`/…`, not `//…`) or an https address. Pictures
 * come from our media (`/media/…`) or https.
 */
export function checkLink(value: string | undefined, code: 'BANNER_LINK_INVALID' | 'BANNER_IMAGE_INVALID'): string {
  const link = (value ?? '').trim();
  if (!link) return '';
  if (link.length > LIMITS.url || /[\s<>"'`\\]/.test(link)) throw new AppError(code);
  if (code === 'BANNER_IMAGE_INVALID' ? link.startsWith('/media/') : link.startsWith('/') && !link.startsWith('//')) return link;
  try {
    const url = new URL(link);
    if (url.protocol === 'https:' && url.hostname) return url.toString();
  } catch {
    // not a URL
  }
  throw new AppError(code);
}

/** 2026-12-01 10:00 in China time: how dates appear in error messages and announcements. */
export function chinaMinute(date: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour') === '24' ? '00' : get('hour')}:${get('minute')}`;
}
