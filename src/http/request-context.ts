import type { AuthContext } from '../modules/identity/sessions.ts';
import type { Locale } from './errors.ts';
import type { Policy } from './policy.ts';

export type IdempotencyMode = 'required' | 'optional';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in caller, or null. Set for every request before any handler runs. */
    auth: AuthContext | null;
    locale: Locale;
  }
  interface FastifyContextConfig {
    /** Who may call this route; required on every route. */
    policy?: Policy;
    /** Honour (or require) an Idempotency-Key header on this write. */
    idempotency?: IdempotencyMode;
  }
}
