/** The language cookie that src/http/security.ts reads (`lang`, before Accept-Language). */
export const LANG_COOKIE = 'lang';
export const LANG_MAX_AGE = 365 * 24 * 60 * 60;
