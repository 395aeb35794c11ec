import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GRAPH_RESOURCE,
  startMicrosoftEmulator,
  STORE_RESOURCE,
  type AccountCredentials,
  type MicrosoftEmulator,
} from '../../../src/emulators/microsoft/index.js';
import { accessToken, api, fakeClock, graphApi, requestToken } from './helpers.js';

const clock = fakeClock();
let emulator: MicrosoftEmulator;
let account: AccountCredentials;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({ now: clock.now, accessTokenTtlSeconds: 600 });
  account = emulator.createAccount({
    organizationName: 'Contoso Ltd',
    domain: 'contoso.com',
    countryCode: 'GB',
    products: [{ productId: '9WZDNCRFJ3PZ', seats: 1 }],
  });
});

afterAll(async () => {
  await emulator.close();
});

function form(overrides: Record<string, string> = {}) {
  return {
    grant_type: 'client_credentials',
    client_id: account.clientId,
    client_secret: account.clientSecret,
    resource: STORE_RESOURCE,
    ...overrides,
  };
}

describe('Microsoft emulator: Azure AD tokens', () => {
  it('issues Bearer tokens for the client-credentials grant (v1 resource, v2 scope)', async () => {
    const v1 = await requestToken(emulator, account.tenantDirectoryId, form());
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 600,
      resource: STORE_RESOURCE,
      access_token: expect.any(String),
    });
    const v2 = await requestToken(
      emulator,
      account.tenantDirectoryId,
      {
        grant_type: 'client_credentials',
        client_id: account.clientId,
        client_secret: account.clientSecret,
        scope: `${STORE_RESOURCE}/.default`,
      },
      'v2',
    );
    expect(v2.status).toBe(200);
    const inventory = await api(emulator, v2.body.access_token).get('/Inventory');
    expect(inventory.status).toBe(200);
  });

  it('refuses bad credentials with AADSTS codes', async () => {
    const tenant = account.tenantDirectoryId;
    const cases: Array<[string, Record<string, string>, number, string, number]> = [
      ['unknown-tenant', form(), 400, 'invalid_request', 90002],
      [tenant, form({ client_id: 'someone-else' }), 400, 'unauthorized_client', 700016],
      [tenant, form({ client_secret: 'wrong' }), 401, 'invalid_client', 7000215],
      [tenant, form({ grant_type: 'password' }), 400, 'unsupported_grant_type', 70003],
      [tenant, form({ resource: 'https://example.com' }), 400, 'invalid_resource', 500011],
    ];
    for (const [t, body, status, error, code] of cases) {
      const answer = await requestToken(emulator, t, body);
      expect(answer.status).toBe(status);
      expect(answer.body).toMatchObject({ error, error_codes: [code] });
      expect(answer.body.error_description).toMatch(new RegExp(`^AADSTS${code}:`));
    }
  });

  it('refuses an expired client secret (AADSTS7000222) and accepts a rotated one', async () => {
    const other = emulator.createAccount({ organizationName: 'Fabrikam' });
    emulator.credentials(other.tenantDirectoryId, 'expire');
    const expired = await requestToken(emulator, other.tenantDirectoryId, {
      ...form(),
      client_id: other.clientId,
      client_secret: other.clientSecret,
    });
    expect(expired).toMatchObject({ status: 401, body: { error_codes: [7000222] } });

    const { clientSecret } = emulator.credentials(other.tenantDirectoryId, 'rotate');
    const fresh = await requestToken(emulator, other.tenantDirectoryId, {
      ...form(),
      client_id: other.clientId,
      client_secret: clientSecret!,
    });
    expect(fresh.status).toBe(200);
  });

  it('answers 401 for missing, expired, revoked and wrong-audience tokens, and when deactivated', async () => {
    expect((await api(emulator, 'nope').get('/Inventory')).status).toBe(401);
    const noHeader = await fetch(`${emulator.url}/Inventory`);
    expect(noHeader.status).toBe(401);
    expect(noHeader.headers.get('www-authenticate')).toBe('Bearer');

    const graphToken = await accessToken(emulator, account, GRAPH_RESOURCE);
    expect((await api(emulator, graphToken).get('/Inventory')).body).toMatchObject({
      code: 'Unauthorized',
    });

    const token = await accessToken(emulator, account);
    clock.advance(601_000);
    const expired = await api(emulator, token).get('/Inventory');
    expect(expired).toMatchObject({
      status: 401,
      body: { message: expect.stringMatching(/expired/) },
    });

    const revoked = await accessToken(emulator, account);
    emulator.credentials(account.tenantDirectoryId, 'revokeTokens');
    expect((await api(emulator, revoked).get('/Inventory')).status).toBe(401);

    const fresh = await accessToken(emulator, account);
    emulator.credentials(account.tenantDirectoryId, 'deactivate');
    expect((await api(emulator, fresh).get('/Inventory')).status).toBe(401);
    emulator.credentials(account.tenantDirectoryId, 'activate');
    expect((await api(emulator, fresh).get('/Inventory')).status).toBe(200);
  });

  it('serves the organisation and the app secret expiry on Graph', async () => {
    const graph = await graphApi(emulator, account);
    const org = await graph.get('/organization');
    expect(org.status).toBe(200);
    expect(org.body.value[0]).toMatchObject({
      id: account.tenantDirectoryId,
      displayName: 'Contoso Ltd',
      countryLetterCode: 'GB',
    });
    expect(org.body.value[0].verifiedDomains).toContainEqual({
      name: 'contoso.com',
      isDefault: true,
      isInitial: false,
    });
    const app = await graph.get(`/applications(appId='${account.clientId}')`);
    expect(app.body.passwordCredentials[0]).toMatchObject({
      hint: account.clientSecret.slice(0, 3),
      endDateTime: account.secretExpiresAt,
    });
    expect((await graph.get(`/applications(appId='other')`)).status).toBe(404);
    const storeToken = await accessToken(emulator, account);
    expect(
      (await api(emulator, storeToken, emulator.graphUrl).get('/organization')).body,
    ).toMatchObject({
      error: { code: 'InvalidAuthenticationToken' },
    });
  });
});
