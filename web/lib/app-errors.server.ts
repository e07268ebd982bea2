import { AppError, renderMessage } from '../../src/http/errors.ts';
import { errorCatalogue, type ErrorCode } from '../../src/http/error-catalogue.ts';
import type { Locale } from '../i18n/messages.ts';

function isAppError(error: unknown): error is AppError {
  if (error instanceof AppError) return true;
  // The same class loaded from a second copy of the module (tsx runtime vs the web bundle).
  if (!(error instanceof Error) || error.name !== 'AppError') return false;
  const code: unknown = (error as { code?: unknown }).code;
  return typeof code === 'string' && code in errorCatalogue;
}

/** A catalogued error as the message to show next to a form, in the page's language; other errors are rethrown. */
export function formError(error: unknown, locale: Locale): { code: ErrorCode; message: string; status: number } {
  if (!isAppError(error)) throw error;
  return { code: error.code, message: renderMessage(error.code, locale, error.params), status: error.status };
}
