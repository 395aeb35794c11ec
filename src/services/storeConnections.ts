/** The connector of one store account, built from its encrypted credentials (R-S3). */
import type { AppContext } from '../context.js';
import type { AccountTable } from '../db/schema.js';
import { RuleViolationError } from '../domain/errors.js';
import type { StoreConnector } from '../stores/connector.js';
import { decryptSecret } from './secrets.js';

export function connectorFor(
  ctx: Pick<AppContext, 'stores' | 'secretKey'>,
  account: Pick<AccountTable, 'id' | 'store' | 'tokenEncrypted'>,
): StoreConnector {
  if (account.store !== 'apple') {
    throw new RuleViolationError(
      'STORE_NOT_CONNECTED',
      `Account ${account.id} has no store connection`,
      {
        accountId: account.id,
        store: account.store,
      },
    );
  }
  if (account.tokenEncrypted === null) {
    throw new RuleViolationError(
      'TOKEN_MISSING',
      `Account ${account.id} has no token; upload one`,
      {
        accountId: account.id,
      },
    );
  }
  return ctx.stores.apple.connect(decryptSecret(ctx.secretKey, account.tokenEncrypted));
}
