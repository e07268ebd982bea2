/**
 * Where a form may send the browser afterwards: only a path on this site. Anything else
 * (absolute URLs, protocol-relative `//host`, backslash tricks, control characters) → fallback.
 */
export function safeRedirectTo(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const base = 'http://jishi.invalid';
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/** `/login?redirectTo=…` for the page the visitor wanted. */
export function loginPath(to: string): string {
  return to && to !== '/' ? `/login?redirectTo=${encodeURIComponent(to)}` : '/login';
}
