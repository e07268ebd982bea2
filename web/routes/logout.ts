import { redirect } from 'react-router';
import type { Route } from './+types/logout';
import { clearedSessionCookies, logout } from '../lib/services.server.ts';
import { safeRedirectTo } from '../lib/safe-redirect.ts';

/** POST /logout: ends this session, clears the cookies and goes to the home page (or redirectTo). */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  if (context.auth) await logout(context.app.db, context.auth.sessionId, context.app.clock);
  const headers = new Headers();
  for (const cookie of clearedSessionCookies(context.app.config.behindTls)) headers.append('Set-Cookie', cookie);
  return redirect(safeRedirectTo(form.get('redirectTo')), { status: 303, headers });
}

export function loader() {
  return redirect('/');
}
