import { errorCatalogue, type ErrorCode } from './error-catalogue.ts';

export type Locale = 'zh-CN' | 'en';

/** Thrown by services and routes; the error handler turns it into `{ error: { code, message } }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  readonly status: number;
  /** Field-level details for validation errors. */
  readonly details: unknown;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, details?: unknown) {
    super(renderMessage(code, 'en', params));
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.status = errorCatalogue[code].status;
    this.details = details;
  }
}

export function renderMessage(code: ErrorCode, locale: Locale, params: Record<string, string | number> = {}): string {
  const entry = errorCatalogue[code];
  const template = locale === 'en' ? entry.en : entry.zh;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

export function errorBody(error: AppError, locale: Locale) {
  return {
    error: {
      code: error.code,
      message: renderMessage(error.code, locale, error.params),
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}

/** zh-CN unless the caller prefers English (cookie `lang` first, then Accept-Language). */
export function pickLocale(acceptLanguage: string | undefined, cookieLang?: string): Locale {
  if (cookieLang === 'en' || cookieLang === 'zh-CN') return cookieLang;
  if (!acceptLanguage) return 'zh-CN';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
