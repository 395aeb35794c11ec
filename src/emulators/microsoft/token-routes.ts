/**
 * Azure AD's client-credentials grant, as the Store's management tools use it: `POST
 * /{tenantDirectoryId}/oauth2/token` (v1: `resource`) or `/oauth2/v2.0/token` (v2: `scope`
 * `<resource>/.default`), form fields client_id and client_secret. Errors carry AADSTS codes:
 * 90002 tenant not found, 700016 app not found, 7000215 wrong secret, 7000222 expired secret.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { GRAPH_RESOURCE, STORE_RESOURCE, type MicrosoftEmulatorState } from './emulator-state.js';
import { serve, type Outcome } from './pipeline.js';
import { oauthError } from './wire-errors.js';

function normaliseResource(value: string): string {
  return value.replace(/\/\.default$/, '').replace(/\/+$/, '');
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (!value) {
    throw oauthError(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    );
  }
  return value;
}

function issue(
  state: MicrosoftEmulatorState,
  tenant: string,
  raw: string,
  version: 'v1' | 'v2',
): Outcome {
  const form = new URLSearchParams(raw);
  const grantType = required(form, 'grant_type');
  if (grantType !== 'client_credentials') {
    throw oauthError(
      400,
      'unsupported_grant_type',
      70003,
      `The grant ${grantType} is not supported here.`,
    );
  }
  const clientId = required(form, 'client_id');
  const account = state.account(tenant);
  if (!account) throw oauthError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
  const { app } = account;
  if (clientId !== app.clientId) {
    throw oauthError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${account.organizationName}'.`,
    );
  }
  const secret = form.get('client_secret');
  if (!secret) {
    throw oauthError(401, 'invalid_client', 7000216, "'client_secret' is required.");
  }
  if (secret !== app.clientSecret) {
    throw oauthError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
  }
  if (app.secretExpiresAt <= state.now()) {
    throw oauthError(
      401,
      'invalid_client',
      7000222,
      `The provided client secret keys for app '${clientId}' are expired.`,
    );
  }
  const resource = normaliseResource(required(form, version === 'v1' ? 'resource' : 'scope'));
  if (resource !== STORE_RESOURCE && resource !== GRAPH_RESOURCE) {
    throw oauthError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant.`,
    );
  }
  const ttl = state.options.accessTokenTtlSeconds;
  const accessToken = randomBytes(36).toString('base64url');
  const expiresAt = state.now() + ttl * 1000;
  state.accessTokens.set(accessToken, {
    tenantDirectoryId: account.tenantDirectoryId,
    clientId,
    resource,
    expiresAt,
  });
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: ttl,
      ext_expires_in: ttl,
      ...(version === 'v1' && {
        expires_on: String(Math.floor(expiresAt / 1000)),
        resource,
      }),
      access_token: accessToken,
    },
  };
}

export function registerTokenRoutes(app: FastifyInstance, state: MicrosoftEmulatorState): void {
  for (const [path, version] of [
    ['/:tenant/oauth2/token', 'v1'],
    ['/:tenant/oauth2/v2.0/token', 'v2'],
  ] as const) {
    app.post<{ Params: { tenant: string } }>(path, (request, reply) =>
      serve(state, request, reply, 'oauth', ({ raw }) =>
        issue(state, request.params.tenant, raw, version),
      ),
    );
  }
}
