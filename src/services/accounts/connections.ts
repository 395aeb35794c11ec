/**
 * The connector of one store account, built from its encrypted credentials (R-S3): an Apple
 * account's sToken, a Microsoft account's management-app credentials (JSON) with its display
 * language. ISV subscriptions have no store API: Allot itself is their ledger.
 */
import type { StoreContext } from '../serviceContext.js';
import type { AccountTable } from '../../db/schema.js';
import { RuleViolationError } from '../../domain/errors.js';
import type { StoreConnector } from '../../stores/connector.js';
import type { MicrosoftConnector, MicrosoftCredentials } from '../../stores/microsoft/index.js';
import { decryptSecret, type SecretKeys } from '../access/secrets.js';

type ConnectableAccount = Pick<AccountTable, 'id' | 'store' | 'tokenEncrypted' | 'settings'>;

/** The connectors and the keys (both, during a key rotation) that read the credentials. */
type ConnectContext = Pick<StoreContext, 'stores' | 'secretKey'> & Partial<SecretKeys>;

export function connectorFor(ctx: ConnectContext, account: ConnectableAccount): StoreConnector {
  if (account.store === 'microsoft') return microsoftConnectorFor(ctx, account);
  if (account.store !== 'apple') throw notConnected(account);
  return ctx.stores.apple.connect(decryptSecret(ctx, tokenOf(account)));
}

/** The Microsoft Store connector of a Microsoft account (sync needs its Microsoft-only reads). */
export function microsoftConnectorFor(
  ctx: ConnectContext,
  account: ConnectableAccount,
): MicrosoftConnector {
  if (account.store !== 'microsoft') throw notConnected(account);
  const credentials = microsoftCredentialsOf(
    decryptSecret(ctx, tokenOf(account)),
    account.settings,
  );
  // The factory's own `connect` returns a MicrosoftConnector; its StoreConnectorFactory
  // overload hides that from the intersection type.
  return ctx.stores.microsoft.connect(credentials) as MicrosoftConnector;
}

/** The stored secret (JSON of the management app's credentials) and the account's language. */
export function microsoftCredentialsOf(secret: string, settings: string): MicrosoftCredentials {
  const keys = JSON.parse(secret) as Partial<MicrosoftCredentials>;
  const { language } = JSON.parse(settings) as { language?: string };
  return {
    tenantDirectoryId: keys.tenantDirectoryId ?? '',
    clientId: keys.clientId ?? '',
    clientSecret: keys.clientSecret ?? '',
    language: language ?? 'en-US',
  };
}

function tokenOf(account: ConnectableAccount): string {
  if (account.tokenEncrypted === null) {
    throw new RuleViolationError(
      'TOKEN_MISSING',
      `Account ${account.id} has no token; upload one`,
      {
        accountId: account.id,
      },
    );
  }
  return account.tokenEncrypted;
}

function notConnected(account: ConnectableAccount): RuleViolationError {
  return new RuleViolationError(
    'STORE_NOT_CONNECTED',
    `Account ${account.id} has no store connection`,
    { accountId: account.id, store: account.store },
  );
}
