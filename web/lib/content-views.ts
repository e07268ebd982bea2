/**
 * Lists the content pages need in the browser too (the server's are in src/modules/content/content.rules.ts;
 * content.server.ts checks the two agree).
 */
export const SUGGESTION_CATEGORY_NAMES = ['feature', 'experience', 'goods', 'service', 'rules', 'other'] as const;
export const SUGGESTION_STATUS_NAMES = ['new', 'reviewing', 'adopted', 'declined', 'closed'] as const;
export const ANNOUNCEMENT_AUDIENCE_NAMES = ['storefront', 'merchants', 'all'] as const;
export const BANNER_THEME_NAMES = ['red', 'orange', 'blue', 'green', 'purple', 'dark'] as const;
export const AGREEMENT_KIND_NAMES = ['user_agreement', 'privacy_policy', 'merchant_service_agreement'] as const;
export type AgreementKindName = (typeof AGREEMENT_KIND_NAMES)[number];
export type SuggestionStatusName = (typeof SUGGESTION_STATUS_NAMES)[number];

/** 2026-12-08T10:00 for a datetime-local style default, in China time, from an ISO string. */
export function chinaLocalInput(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return d.toISOString().slice(0, 16);
}
