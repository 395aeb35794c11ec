/**
 * The connectors' secrets (webhook HMAC key, NanoMDM API key), decrypted once per stored form
 * and secret key: decrypting costs more than checking an event's signature, and every event and
 * every drain needs one. A re-encrypted secret (key rotation, a new key) is a new stored form.
 */
import type { StoreContext } from '../serviceContext.js';
import { decryptSecret } from '../access/secrets.js';

type Keys = Pick<StoreContext, 'secretKey' | 'previousSecretKey'>;

const decrypted = new WeakMap<Buffer, Map<string, string>>();
const KEPT = 256;

export function connectorSecret(ctx: Keys, stored: string): string {
  let secrets = decrypted.get(ctx.secretKey);
  if (secrets === undefined) {
    secrets = new Map();
    decrypted.set(ctx.secretKey, secrets);
  }
  let secret = secrets.get(stored);
  if (secret === undefined) {
    secret = decryptSecret(ctx, stored);
    if (secrets.size >= KEPT) secrets.clear();
    secrets.set(stored, secret);
  }
  return secret;
}
