/**
 * Access tokens from Azure AD's client-credentials grant, one per resource (the Store API,
 * Graph). A token is reused until shortly before it expires, refreshed once for all callers
 * waiting on it, and dropped when a service answers 401 with it.
 */
import { msError, oauthFailure } from './errors.js';
import type { RetryingHttp } from './http.js';
import type { WireTokenResponse } from './wire-types.js';

export interface ClientCredentials {
  tenantDirectoryId: string;
  clientId: string;
  clientSecret: string;
}

interface Cached {
  accessToken: string;
  refreshAt: number;
}

/** Refresh this long before expiry (MSAL's habit), at most half the token's lifetime. */
const REFRESH_EARLY_MS = 5 * 60 * 1000;

export class AccessTokens {
  private readonly cache = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<Cached>>();
  /** How many tokens were fetched (tests and metrics). */
  issued = 0;

  constructor(
    private readonly http: RetryingHttp,
    private readonly authorityUrl: string,
    private readonly credentials: ClientCredentials,
  ) {}

  async get(resource: string): Promise<string> {
    const cached = this.cache.get(resource);
    if (cached && this.http.now() < cached.refreshAt) return cached.accessToken;
    let pending = this.pending.get(resource);
    if (!pending) {
      pending = this.fetchToken(resource).finally(() => this.pending.delete(resource));
      this.pending.set(resource, pending);
    }
    return (await pending).accessToken;
  }

  /** Forget a token a service refused, unless a newer one already replaced it. */
  invalidate(resource: string, accessToken: string): void {
    if (this.cache.get(resource)?.accessToken === accessToken) this.cache.delete(resource);
  }

  private async fetchToken(resource: string): Promise<Cached> {
    const { tenantDirectoryId, clientId, clientSecret } = this.credentials;
    const url = `${this.authorityUrl.replace(/\/+$/, '')}/${encodeURIComponent(tenantDirectoryId)}/oauth2/token`;
    const answer = await this.http.send(
      {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
          resource,
        }).toString(),
      },
      'oauth2/token',
    );
    if (answer.status >= 400) throw oauthFailure(answer.status, answer.body);
    const body = (answer.body ?? {}) as WireTokenResponse;
    const lifetimeMs = Number(body.expires_in) * 1000;
    if (typeof body.access_token !== 'string' || !(lifetimeMs > 0)) {
      throw msError('badResponse', { message: 'the token endpoint returned no usable token' });
    }
    const now = this.http.now();
    const cached = {
      accessToken: body.access_token,
      refreshAt: now + lifetimeMs - Math.min(REFRESH_EARLY_MS, lifetimeMs / 2),
    };
    this.issued += 1;
    this.cache.set(resource, cached);
    return cached;
  }
}
