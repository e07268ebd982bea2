import { data, type AppLoadContext } from 'react-router';
import { requireArea } from './guards.server.ts';
import { changeProductStatus } from './services.server.ts';
import { formError } from './app-errors.server.ts';
import { translate } from '../i18n/messages.ts';

const INTENTS = { approve: 'approve', reject: 'reject', force_off_shelf: 'force_off_shelf' } as const;

/**
 * 通过 / 驳回 / 强制下架 for one product or a selection, all or nothing, as the platform
 * (the API's reviewers: platform_staff, and platform_admin). Rejections and forced removals need a reason.
 */
export async function reviewAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireArea(context, request, 'review');
  const { app, locale } = context;
  const form = await request.formData();
  const intentValue = form.get('intent');
  const intent = typeof intentValue === 'string' && intentValue in INTENTS ? INTENTS[intentValue as keyof typeof INTENTS] : null;
  const ids = [...new Set(form.getAll('id').filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64))].slice(0, 100);
  const reasonValue = form.get('reason');
  const reason = typeof reasonValue === 'string' ? reasonValue.trim().slice(0, 200) : '';
  if (!intent || ids.length === 0) throw data(null, { status: 400 });
  try {
    await app.db.transaction().execute(async (trx) => {
      for (const id of ids.sort()) {
        await changeProductStatus(trx, app.clock, { userId: auth.userId, role: 'platform' }, id, intent, { shopId: null, reason: reason || undefined });
      }
    });
    const key = intent === 'approve' ? 'admin.review.approved' : intent === 'reject' ? 'admin.review.rejected' : 'admin.review.forcedOff';
    return { ok: true as const, message: translate(locale, key, { count: ids.length }) };
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, message }, { status });
  }
}
