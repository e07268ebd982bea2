import type { AppLoadContext } from 'react-router';
import { sessionCookies } from './services.server.ts';

type NewSession = Parameters<typeof sessionCookies>[0];

/** Headers carrying a new session's cookies. */
export function sessionHeaders(context: AppLoadContext, session: NewSession): Headers {
  const headers = new Headers();
  for (const cookie of sessionCookies(session, context.app.config.behindTls)) headers.append('Set-Cookie', cookie);
  return headers;
}

export function requestMeta(context: AppLoadContext) {
  return { ip: context.ip, userAgent: context.userAgent };
}
