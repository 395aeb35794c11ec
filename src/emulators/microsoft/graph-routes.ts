/**
 * The two Graph reads the connector makes about its directory: `GET /v1.0/organization` (the
 * organisation's name, country and domains) and `GET /v1.0/applications(appId='…')` (when
 * the app's client secret expires). Tokens must be issued for https://graph.microsoft.com.
 */
import type { FastifyInstance } from 'fastify';
import type { StoreAccount } from './account.js';
import { GRAPH_RESOURCE, type MicrosoftEmulatorState } from './emulator-state.js';
import { rateLimit, serve, type Outcome } from './pipeline.js';
import { graphError } from './wire-errors.js';

export const GRAPH_PREFIX = '/v1.0';

export function initialDomain(account: StoreAccount): string {
  const slug = account.organizationName.toLowerCase().replace(/[^a-z0-9]/g, '') || 'tenant';
  return `${slug}.onmicrosoft.com`;
}

function organization(account: StoreAccount): Outcome {
  const initial = initialDomain(account);
  const domains = [{ name: initial, isDefault: account.domain === initial, isInitial: true }];
  if (account.domain !== initial) {
    domains.push({ name: account.domain, isDefault: true, isInitial: false });
  }
  return {
    status: 200,
    body: {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#organization',
      value: [
        {
          id: account.tenantDirectoryId,
          displayName: account.organizationName,
          countryLetterCode: account.countryCode,
          verifiedDomains: domains,
        },
      ],
    },
  };
}

function application(account: StoreAccount, appId: string): Outcome {
  const { app } = account;
  if (appId !== app.clientId) {
    throw graphError(404, 'Request_ResourceNotFound', `Resource '${appId}' does not exist.`);
  }
  return {
    status: 200,
    body: {
      id: app.keyId,
      appId: app.clientId,
      displayName: 'Store management tool',
      passwordCredentials: [
        {
          keyId: app.keyId,
          displayName: 'store-management',
          hint: app.clientSecret.slice(0, 3),
          endDateTime: new Date(app.secretExpiresAt).toISOString(),
        },
      ],
    },
  };
}

export function registerGraphRoutes(app: FastifyInstance, state: MicrosoftEmulatorState): void {
  app.all(`${GRAPH_PREFIX}/*`, (request, reply) =>
    serve(state, request, reply, 'graph', ({ path }) => {
      const below = decodeURIComponent(path.slice(GRAPH_PREFIX.length));
      const appMatch = /^\/applications\(appId='([^']+)'\)$/.exec(below);
      if (below !== '/organization' && !appMatch) {
        throw graphError(400, 'BadRequest', `Resource not found for the segment '${below}'.`);
      }
      if (request.method !== 'GET') {
        throw graphError(405, 'Request_BadRequest', 'Only GET is supported here.');
      }
      const account = state.authenticate(request.headers.authorization, GRAPH_RESOURCE);
      rateLimit(state, 'graph', account.tenantDirectoryId);
      return appMatch?.[1] ? application(account, appMatch[1]) : organization(account);
    }),
  );
}
