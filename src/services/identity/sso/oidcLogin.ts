/**
 * R-I3: console sign-in through the organisation's OpenID Connect provider, authorization code
 * with PKCE (openid-client). A login attempt is stored (state hashed) between the redirect to
 * the provider and the callback, and deleted by the callback that uses it: a replayed callback
 * finds nothing. The provider checks the PKCE verifier; openid-client checks state and nonce.
 */
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { SsoConfig } from '../../../config.js';
import type { ServiceContext } from '../../serviceContext.js';
import type { Person } from './sessions.js';

/** How long a person may take at the provider before the login attempt is forgotten. */
const LOGIN_TTL_MS = 10 * 60_000;

export type SsoFailure =
  | 'LOGIN_STATE_MISMATCH'
  | 'LOGIN_EXPIRED'
  | 'LOGIN_CHECK_FAILED'
  | 'PROVIDER_REFUSED'
  | 'PROVIDER_UNAVAILABLE'
  | 'NO_ROLE'
  | 'AMBIGUOUS_TENANT';

/** Why a sign-in failed; the callback shows it as a page and opens no session. */
export class SsoLoginError extends Error {
  constructor(
    readonly code: SsoFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SsoLoginError';
  }
}

export interface SsoLogin {
  /** Records a login attempt and returns the provider URL to send the browser to. */
  start(ctx: ServiceContext, redirectUri: string): Promise<{ url: string; state: string }>;
  /** Completes a login from the callback URL; `stateCookie` binds it to the browser. */
  finish(
    ctx: ServiceContext,
    redirectUri: string,
    callbackUrl: URL,
    stateCookie: string | undefined,
  ): Promise<Person>;
}

function hashState(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

function unavailable(error: unknown): SsoLoginError {
  const reason = error instanceof Error ? error.message : String(error);
  return new SsoLoginError(
    'PROVIDER_UNAVAILABLE',
    `The sign-in provider did not answer (${reason}). Try again in a moment.`,
  );
}

/** An error of the token exchange, sorted into what the person can be told. */
function classify(error: unknown): SsoLoginError {
  if (error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError) {
    const detail = error.error_description ?? error.error;
    return new SsoLoginError(
      'PROVIDER_REFUSED',
      `The sign-in provider refused this sign-in (${detail}). Start again.`,
    );
  }
  if (error instanceof oidc.ClientError) {
    return new SsoLoginError(
      'LOGIN_CHECK_FAILED',
      `The provider's answer did not pass Allot's checks (${error.message}). Start again.`,
    );
  }
  return unavailable(error);
}

function groupsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  return [];
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function createSsoLogin(config: SsoConfig): SsoLogin {
  let discovered: Promise<oidc.Configuration> | null = null;
  const insecure = new URL(config.issuer).protocol === 'http:';

  /** The provider's metadata, fetched once; a failure is retried at the next sign-in. */
  async function configuration(): Promise<oidc.Configuration> {
    discovered ??= oidc
      .discovery(
        new URL(config.issuer),
        config.clientId,
        undefined,
        oidc.ClientSecretBasic(config.clientSecret),
        { execute: insecure ? [oidc.allowInsecureRequests] : [], timeout: 10 },
      )
      .catch((error: unknown) => {
        discovered = null;
        throw unavailable(error);
      });
    return discovered;
  }

  return {
    async start(ctx, redirectUri) {
      const provider = await configuration();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const now = ctx.clock.now();
      await ctx.db.kysely
        .deleteFrom('ssoLogins')
        .where('expiresAt', '<', now.toISOString())
        .execute();
      await ctx.db.kysely
        .insertInto('ssoLogins')
        .values({
          stateHash: hashState(state),
          codeVerifier,
          nonce,
          expiresAt: new Date(now.getTime() + LOGIN_TTL_MS).toISOString(),
        })
        .execute();
      const url = oidc.buildAuthorizationUrl(provider, {
        redirect_uri: redirectUri,
        scope: config.scopes,
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, state };
    },

    async finish(ctx, redirectUri, callbackUrl, stateCookie) {
      const providerError = callbackUrl.searchParams.get('error');
      if (providerError !== null) {
        const detail = callbackUrl.searchParams.get('error_description') ?? providerError;
        throw new SsoLoginError(
          'PROVIDER_REFUSED',
          `The sign-in provider refused this sign-in (${detail}).`,
        );
      }
      const state = callbackUrl.searchParams.get('state');
      if (state === null || stateCookie === undefined || state !== stateCookie) {
        throw new SsoLoginError(
          'LOGIN_STATE_MISMATCH',
          'This sign-in was not started from this browser (its state does not match). Start again.',
        );
      }
      const login = await ctx.db.kysely
        .deleteFrom('ssoLogins')
        .where('stateHash', '=', hashState(state))
        .returningAll()
        .executeTakeFirst();
      if (login === undefined || Date.parse(login.expiresAt) <= ctx.clock.now().getTime()) {
        throw new SsoLoginError(
          'LOGIN_EXPIRED',
          'This sign-in link was already used or has expired. Start again.',
        );
      }
      const provider = await configuration();
      let claims: Record<string, unknown>;
      try {
        const tokens = await oidc.authorizationCodeGrant(
          provider,
          callbackUrl,
          {
            pkceCodeVerifier: login.codeVerifier,
            expectedState: state,
            expectedNonce: login.nonce,
            idTokenExpected: true,
          },
          { redirect_uri: redirectUri },
        );
        const idClaims = tokens.claims();
        if (idClaims === undefined) throw new oidc.ClientError('no ID token');
        claims = { ...idClaims };
        if (provider.serverMetadata().userinfo_endpoint !== undefined) {
          const info = await oidc.fetchUserInfo(provider, tokens.access_token, idClaims.sub);
          claims = { ...info, ...idClaims };
        }
      } catch (error) {
        throw classify(error);
      }
      const subject = String(claims.sub);
      const email = text(claims.email);
      return {
        subject,
        name: text(claims.name) ?? text(claims.preferred_username) ?? email ?? subject,
        email,
        groups: groupsOf(claims[config.groupsClaim]),
      };
    },
  };
}
