import { z } from 'zod';
import type { TimerSettingKey } from './timer-settings.rules.ts';

/** A whole number in the setting's unit (its range is checked by the service, with a catalogued error), or null for the default. */
const value = z.number().int().nullable().optional();

/** PUT /api/admin/settings/timers: the settings to change; null puts one back to its default; absent ones stay. */
export const timerPatchBody = z
  .object({
    unpaidCancelMinutes: value.describe('未付款自动取消, minutes (5–1440)'),
    autoConfirmDays: value.describe('自动确认收货, days after shipment (3–30)'),
    afterSalesWindowDays: value.describe('售后期, days after receipt (7–30; never under the statutory 7 days)'),
    merchantDecisionHours: value.describe('the merchant answers a request within, hours (24–168); silence = approved'),
    buyerReturnHours: value.describe('the shopper sends the return within, hours (72–720), else it closes'),
    merchantReceiptHours: value.describe('the merchant confirms receiving the return within, hours (72–720); silence = confirmed'),
    merchantReshipHours: value.describe('the merchant sends the replacement / repaired item within, hours (72–720), else the platform steps in'),
    buyerConfirmHours: value.describe('the shopper confirms the replacement within, hours (72–720); silence = confirmed'),
    escalationHours: value.describe('the shopper may escalate a rejection within, hours (72–720), else it closes'),
  } satisfies Record<TimerSettingKey, unknown>)
  .strict();
