import fastifyCookie from '@fastify/cookie';

const { serialize } = fastifyCookie;
import { CSRF_COOKIE, SESSION_COOKIE, type NewSession } from '../modules/identity/sessions.ts';

/**
 * Set-Cookie values for a new session: the token is httpOnly; the CSRF token is readable by
 * the page's own scripts so they can echo it in `x-csrf-token`.
 */
export function sessionCookies(session: NewSession, secure: boolean): string[] {
  const common = { path: '/', sameSite: 'lax' as const, secure, expires: session.expiresAt };
  return [
    serialize(SESSION_COOKIE, session.token, { ...common, httpOnly: true }),
    serialize(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false }),
  ];
}

export function clearedSessionCookies(secure: boolean): string[] {
  const gone = { path: '/', sameSite: 'lax' as const, secure, expires: new Date(0) };
  return [serialize(SESSION_COOKIE, '', { ...gone, httpOnly: true }), serialize(CSRF_COOKIE, '', gone)];
}
