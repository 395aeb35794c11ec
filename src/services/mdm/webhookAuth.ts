/**
 * How an MDM proves an event is its own (reference mdm-bridge.md §7): a random token in the
 * webhook URL, which every MDM can send, compared by its hash; and NanoMDM's `X-Hmac-Signature`
 * (base64 of HMAC-SHA256 over the raw body, with the connector's key), checked whenever it is
 * sent and required once the connector has signed.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The path the MDM posts its events to, under the server's public URL. */
export function webhookPath(token: string): string {
  return `/api/v1/mdm-events/${token}`;
}

export function hashWebhookToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new connector's token (256 bits, URL-safe) and HMAC key (shown once). */
export function newWebhookCredentials(): { token: string; tokenHash: string; secret: string } {
  const token = randomBytes(32).toString('base64url');
  return {
    token,
    tokenHash: hashWebhookToken(token),
    secret: randomBytes(32).toString('base64url'),
  };
}

/** Whether `signature` is the base64 HMAC-SHA256 of `body` with `secret`, in constant time. */
export function signatureMatches(secret: string, body: Buffer, signature: string): boolean {
  const expected = createHmac('sha256', secret).update(body).digest();
  let presented: Buffer;
  try {
    presented = Buffer.from(signature.trim(), 'base64');
  } catch {
    return false;
  }
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
