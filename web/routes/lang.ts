import { redirect } from 'react-router';
import type { Route } from './+types/lang';
import { isLocale } from '../i18n/messages.ts';
import { LANG_COOKIE, LANG_MAX_AGE } from '../lib/lang.ts';
import { safeRedirectTo } from '../lib/safe-redirect.ts';

/** POST /lang (lang=zh-CN|en, redirectTo=/path): remembers the language for a year, then goes back. */
export async function action({ request }: Route.ActionArgs) {
  const form = await request.formData();
  const lang = form.get('lang');
  const to = safeRedirectTo(form.get('redirectTo'));
  const headers = new Headers();
  if (isLocale(lang)) headers.append('Set-Cookie', `${LANG_COOKIE}=${lang}; Path=/; Max-Age=${LANG_MAX_AGE}; SameSite=Lax`);
  return redirect(to, { status: 303, headers });
}

export function loader() {
  return redirect('/');
}
