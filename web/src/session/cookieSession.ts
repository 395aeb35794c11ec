/**
 * R-I3: the console's single sign-on session. The server keeps it in an HttpOnly cookie shared
 * by every tab; the console only learns who it is (`GET /auth/session`) and the CSRF token every
 * cookie-authenticated write must carry in X-Allot-CSRF.
 */
import type { Role } from '../api/types.js';

export interface CookieSession {
  tenantId: string;
  role: Role;
  spaceId: string | null;
  name: string;
  email: string | null;
  expiresAt: string;
  csrfToken: string;
}

export const CSRF_HEADER = 'x-allot-csrf';

/** The session of the cookie; null when there is none (401). */
export async function loadCookieSession(): Promise<CookieSession | null> {
  const response = await fetch('/auth/session', {
    headers: { accept: 'application/json' },
    cache: 'no-store',
  });
  if (response.status === 401) return null;
  if (!response.ok) throw new Error(`The server answered ${response.status} for the session`);
  return (await response.json()) as CookieSession;
}

/** Whether the server offers single sign-on (`GET /auth/config`), or null when it does not. */
export async function singleSignOnOffered(): Promise<SingleSignOn | null> {
  try {
    const response = await fetch('/auth/config', { cache: 'no-store' });
    if (!response.ok) return null;
    const body = (await response.json()) as { singleSignOn: boolean; provider: string | null };
    return body.singleSignOn ? { provider: body.provider } : null;
  } catch {
    return null;
  }
}

/** Single sign-on as the server offers it; `provider` names the button when the operator did. */
export interface SingleSignOn {
  provider: string | null;
}

/** Ends the session in every tab (`POST /auth/logout`); a session already gone is fine. */
export async function endCookieSession(csrfToken: string): Promise<void> {
  const response = await fetch('/auth/logout', {
    method: 'POST',
    headers: { [CSRF_HEADER]: csrfToken },
    cache: 'no-store',
  });
  if (!response.ok && response.status !== 401) {
    throw new Error(`Signing out failed: the server answered ${response.status}`);
  }
}
