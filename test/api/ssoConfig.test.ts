/** R-I3: the OpenID Connect settings are read once and refused at start-up when incomplete. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const COMPLETE = {
  ALLOT_OIDC_ISSUER: 'https://login.example.test/tenant/v2.0',
  ALLOT_OIDC_CLIENT_ID: 'client',
  ALLOT_OIDC_CLIENT_SECRET: 'secret',
};

describe('single sign-on settings', () => {
  it('R-I3: without ALLOT_OIDC_* there is no provider (token sign-in only)', () => {
    expect(loadConfig({}).sso).toBeNull();
  });

  it('R-I3: a complete provider gets the default scopes, claim and timeouts', () => {
    expect(loadConfig(COMPLETE).sso).toEqual({
      issuer: 'https://login.example.test/tenant/v2.0',
      clientId: 'client',
      clientSecret: 'secret',
      scopes: 'openid profile email',
      groupsClaim: 'groups',
      displayName: null,
      idleTimeoutMs: 3_600_000,
      maxAgeMs: 43_200_000,
    });
  });

  it('R-I3: an incomplete or unsafe provider setting names the variable', () => {
    expect(() => loadConfig({ ...COMPLETE, ALLOT_OIDC_CLIENT_SECRET: '' })).toThrow(
      /ALLOT_OIDC_CLIENT_SECRET/,
    );
    expect(() => loadConfig({ ALLOT_OIDC_CLIENT_ID: 'client' })).toThrow(/ALLOT_OIDC_ISSUER/);
    expect(() =>
      loadConfig({ ...COMPLETE, ALLOT_OIDC_ISSUER: 'http://login.example.test' }),
    ).toThrow(/ALLOT_OIDC_ISSUER: expected an https/);
    expect(
      loadConfig({ ...COMPLETE, ALLOT_OIDC_ISSUER: 'http://127.0.0.1:4000' }).sso?.issuer,
    ).toBe('http://127.0.0.1:4000');
    expect(() => loadConfig({ ...COMPLETE, ALLOT_OIDC_SCOPES: 'profile email' })).toThrow(
      /ALLOT_OIDC_SCOPES/,
    );
    expect(() =>
      loadConfig({
        ...COMPLETE,
        ALLOT_SESSION_IDLE_TIMEOUT: '7200',
        ALLOT_SESSION_MAX_AGE: '3600',
      }),
    ).toThrow(/ALLOT_SESSION_IDLE_TIMEOUT/);
  });
});
