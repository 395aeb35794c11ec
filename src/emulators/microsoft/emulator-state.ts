/**
 * Everything the emulator holds in memory: accounts (directories and their Store inventory),
 * issued access tokens, and the machinery around requests (rate limit, faults, log). The HTTP
 * layer and the in-process control methods both work on one of these.
 */
import { FaultQueue, RateLimiter } from '../apple/traffic.js';
import type { StoreAccount } from './account.js';
import type { LoggedMicrosoftRequest, ResolvedMicrosoftOptions } from './options.js';
import { graphError, storeError, type WireError } from './wire-errors.js';

/** The audiences ("resources") tokens are issued for. */
export const STORE_RESOURCE = 'https://onestore.microsoft.com';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

export interface AccessTokenRecord {
  tenantDirectoryId: string;
  clientId: string;
  resource: string;
  expiresAt: number;
}

export class MicrosoftEmulatorState {
  /** Lower-cased tenant directory id → account. */
  readonly accounts = new Map<string, StoreAccount>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly faults = new FaultQueue();
  readonly rateLimiter: RateLimiter;
  readonly requestLog: LoggedMicrosoftRequest[] = [];
  readonly stats = { requests: 0, inFlight: 0, maxInFlight: 0 };

  constructor(readonly options: ResolvedMicrosoftOptions) {
    this.rateLimiter = new RateLimiter(options.maxRequestsPerSecond, options.now);
  }

  now(): number {
    return this.options.now();
  }

  account(tenantDirectoryId: string): StoreAccount | undefined {
    return this.accounts.get(tenantDirectoryId.toLowerCase());
  }

  /**
   * Resolves a Bearer access token issued for `resource` to its account, or throws the
   * surface's 401. A Store that no longer accepts the app (deactivated) also answers 401.
   */
  authenticate(header: string | undefined, resource: string): StoreAccount {
    const fail = (message: string): WireError =>
      resource === GRAPH_RESOURCE
        ? graphError(401, 'InvalidAuthenticationToken', message)
        : storeError(401, 'Unauthorized', message);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match?.[1]) throw fail('A Bearer access token is required.');
    const token = this.accessTokens.get(match[1]);
    const account = token && this.account(token.tenantDirectoryId);
    if (!token || !account) throw fail('The access token is invalid.');
    if (token.expiresAt <= this.now()) throw fail('The access token has expired.');
    if (token.resource !== resource) throw fail(`The access token is not for ${resource}.`);
    if (token.clientId !== account.app.clientId) throw fail('The application no longer exists.');
    if (resource === STORE_RESOURCE && !account.app.activated) {
      throw fail('The application is not activated as a management tool of this Store.');
    }
    return account;
  }

  logRequest(entry: LoggedMicrosoftRequest): void {
    this.requestLog.push(entry);
    if (this.requestLog.length > this.options.requestLogSize) this.requestLog.shift();
  }
}
