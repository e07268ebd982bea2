import { data, type AppLoadContext } from 'react-router';
import { AppError } from '../../src/http/errors.ts';
import { timerPatchBody } from '../../src/modules/orders/timer-settings.schemas.ts';
import { timerSettings, updateOrderTimers } from '../../src/modules/orders/timer-settings.service.ts';
import { getPaymentSettings } from '../../src/modules/payments/payments.settings.ts';
import { formError } from './app-errors.server.ts';
import { dateTimeText } from './console-format.server.ts';
import { requireArea } from './guards.server.ts';
import { field } from './forms.ts';
import { translate } from '../i18n/messages.ts';

/** 系统设置 — 订单与售后时限 (super admins), and T+N as the finance page sets it (shown, not edited here). */
export async function timerSettingsPage(context: AppLoadContext, request: Request) {
  requireArea(context, request, 'superAdmin');
  const { app, locale } = context;
  const [timers, payment] = await Promise.all([timerSettings(app.db, app.config.orders), getPaymentSettings(app.db)]);
  return {
    timers: {
      settings: timers.settings,
      updatedAt: timers.updatedAt ? dateTimeText(timers.updatedAt, locale) : null,
      updatedBy: timers.updatedBy?.name ?? null,
    },
    settlement: { days: payment.settlementDays, mode: payment.mode },
  };
}

/** Saves the timers the form sends (`values`: JSON checked by the API's own schema; null = back to the default). */
export async function timerSettingsAction(context: AppLoadContext, request: Request) {
  const auth = requireArea(context, request, 'superAdmin');
  const { app, locale } = context;
  const form = await request.formData();
  try {
    let raw: unknown;
    try {
      raw = JSON.parse(field(form, 'values', 2_000));
    } catch {
      throw new AppError('MALFORMED_JSON');
    }
    const parsed = timerPatchBody.safeParse(raw);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', { detail: parsed.error.issues.map((i) => i.path.join('.')).join(', ') });
    await app.db.transaction().execute((trx) => updateOrderTimers(trx, app.clock, auth.userId, parsed.data));
    return { ok: true as const, message: translate(locale, 'settings.timers.saved'), field: null };
  } catch (error) {
    const { message, status } = formError(error, locale);
    // Which field was refused (the catalogued errors say so in `details`), to mark it on the form.
    const details = (error as { details?: { field?: unknown } }).details;
    return data({ ok: false as const, message, field: typeof details?.field === 'string' ? details.field : null }, { status });
  }
}
