/**
 * Full-page navigation (sign-in runs through the server and the identity provider, not the
 * client-side router). An object, so that tests can stub `browser.assign`.
 */
export const browser = {
  assign(url: string): void {
    window.location.assign(url);
  },
};

/**
 * A same-origin path to come back to after signing in, or undefined. Mirrors the server's
 * rule (identity.SafeReturnTo): a relative path, no "//" or "/\", no control characters.
 * The login page itself is refused, so that signing in never lands there again.
 */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 1000) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return undefined;
  if (value === '/inloggen' || value.startsWith('/inloggen?') || value.startsWith('/inloggen/')) return undefined;
  return value;
}

export interface LoginUrlOptions {
  returnTo?: string | undefined;
  loginHint?: string | undefined;
  /** Test the organisation's SSO settings without changing the current session. */
  test?: boolean;
}

/** GET /auth/{slug}/login: starts single sign-on at the organisation's identity provider. */
export function loginUrl(slug: string, { returnTo, loginHint, test }: LoginUrlOptions = {}): string {
  const query = new URLSearchParams();
  if (test) query.set('test', '1');
  if (loginHint) query.set('login_hint', loginHint);
  query.set('return_to', safeReturnTo(returnTo) ?? '/');
  return `/auth/${encodeURIComponent(slug)}/login?${query.toString()}`;
}

/** Where the sign-out form posts to. */
export const LOGOUT_URL = '/auth/logout';
