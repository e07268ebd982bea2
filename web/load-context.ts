import type { AppContext } from '../src/app-context.ts';
import type { AuthContext } from '../src/modules/identity/sessions.ts';
import type { Locale } from '../src/http/errors.ts';

/** What every page loader and action receives as `context`. */
export interface WebLoadContext {
  app: AppContext;
  auth: AuthContext | null;
  locale: Locale;
  requestId: string;
  ip: string;
  userAgent: string | undefined;
}

declare module 'react-router' {
  interface AppLoadContext extends WebLoadContext {}
}
