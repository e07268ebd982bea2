import type { Locale } from '../i18n/messages.ts';

/** What the root loader hands every page: the language and who is signed in (no secrets). */
export interface RootData {
  locale: Locale;
  user: ViewerSummary | null;
}

export interface ViewerSummary {
  displayName: string;
  /** Has a platform role: show the 平台后台 link. */
  platformStaff: boolean;
  /** Member of at least one shop: show the 商家后台 link. */
  shopMember: boolean;
}
