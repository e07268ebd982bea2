/**
 * Browser calls to the JSON API from the consoles (uploads, import). Writes carry the session's
 * CSRF token, which the server put in the readable `jishi_csrf` cookie, in `x-csrf-token`.
 */
const CSRF_COOKIE = 'jishi_csrf';

export function csrfToken(): string {
  const match = document.cookie.split(/;\s*/).find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(CSRF_COOKIE.length + 1)) : '';
}

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** POSTs a multipart form; resolves with the JSON body, or rejects with the server's catalogued message. */
export async function postForm<T>(url: string, body: FormData): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body, headers: { 'x-csrf-token': csrfToken(), accept: 'application/json' }, credentials: 'same-origin' });
  } catch {
    throw new ApiCallError('', 'NETWORK', 0);
  }
  const json = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!response.ok) throw new ApiCallError(json?.error?.message ?? '', json?.error?.code ?? 'HTTP', response.status);
  return json as T;
}
