/**
 * R-S3, R-S4: store tokens, Microsoft client secrets and webhook secrets are encrypted at rest
 * with the deployment's secret key (AES-256-GCM; a random IV per value). The stored form is
 * `v2:<key id>:<iv>:<tag>:<ciphertext>`; the key id (a hash of the key, never the key) tells
 * which key encrypted a value, so that during a rotation values under ALLOT_SECRET_KEY and
 * under ALLOT_SECRET_KEY_PREVIOUS can both be read. `v1:<iv>:<tag>:<ciphertext>` (before key
 * ids) is read with either key. `rotateSecrets` re-encrypts every stored value under the
 * current key.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** The keys a process holds: the one it encrypts with, and the one a rotation replaces. */
export interface SecretKeys {
  secretKey: Buffer;
  /** ALLOT_SECRET_KEY_PREVIOUS during a rotation: still read, never written. */
  previousSecretKey?: Buffer | null;
}

type Keys = Buffer | SecretKeys;

/** A stored value that none of the keys can read. */
export class SecretKeyError extends Error {}

function keysOf(keys: Keys): { current: Buffer; previous: Buffer | null } {
  if (Buffer.isBuffer(keys)) return { current: keys, previous: null };
  return { current: keys.secretKey, previous: keys.previousSecretKey ?? null };
}

/** The public name of a key: 16 hex digits of a hash of it (hex, so it is safe in LIKE). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('allot-secret-key-id').update(key).digest('hex').slice(0, 16);
}

export function encryptSecret(keys: Keys, plaintext: string): string {
  const key = keysOf(keys).current;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v2',
    keyIdOf(key),
    ...[iv, cipher.getAuthTag(), ciphertext].map((p) => p.toString('base64url')),
  ].join(':');
}

function decryptWith(key: Buffer, iv: string, tag: string, ciphertext: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}

export function decryptSecret(keys: Keys, stored: string): string {
  const { current, previous } = keysOf(keys);
  const candidates = previous === null ? [current] : [current, previous];
  const parts = stored.split(':');
  if (parts[0] === 'v2' && parts.length === 5) {
    const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
    const key = candidates.find((k) => keyIdOf(k) === keyId);
    if (key === undefined) {
      throw new SecretKeyError(
        `A stored secret was encrypted with key ${keyId}, which is neither ALLOT_SECRET_KEY ` +
          `(${keyIdOf(current)})` +
          (previous === null ? '' : ` nor ALLOT_SECRET_KEY_PREVIOUS (${keyIdOf(previous)})`),
      );
    }
    return decryptWith(key, iv, tag, ciphertext);
  }
  if (parts[0] === 'v1' && parts.length === 4) {
    const [, iv, tag, ciphertext] = parts as [string, string, string, string];
    for (const key of candidates) {
      try {
        return decryptWith(key, iv, tag, ciphertext);
      } catch {
        // GCM refuses the wrong key: try the next one.
      }
    }
    throw new SecretKeyError(
      'A stored secret (written before key ids) cannot be read with ALLOT_SECRET_KEY' +
        (previous === null ? '' : ' nor ALLOT_SECRET_KEY_PREVIOUS'),
    );
  }
  throw new SecretKeyError('Unknown secret format');
}

/**
 * This deployment's identity at the stores (Apple's mdmInfo id) as derived from its secret key:
 * every process sharing the key is the same product, a different deployment is not. A key
 * rotation must not change it (Apple would call every location claimed elsewhere, R-T4), so
 * it is pinned with ALLOT_DEPLOYMENT_ID first (`allot rotate-key` prints it).
 */
export function deploymentIdFor(key: Buffer): string {
  const hex = createHash('sha256').update('allot-deployment').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------
// Rotation

/**
 * Every column that holds encryptSecret's output, by table (a new encrypted column is listed
 * here, or `allot rotate-key` leaves it under the old key).
 */
export const ENCRYPTED_COLUMNS = [
  { table: 'accounts', column: 'tokenEncrypted' },
  { table: 'webhooks', column: 'secretEncrypted' },
  { table: 'mdmConnectors', column: 'apiKeyEncrypted' },
  { table: 'mdmConnectors', column: 'webhookSecretEncrypted' },
] as const satisfies readonly { table: keyof Database; column: string }[];

export interface RotationFailure {
  table: string;
  id: string;
  reason: string;
}

export interface RotationReport {
  /** The key everything is now encrypted with. */
  keyId: string;
  previousKeyId: string | null;
  /** Values re-encrypted by this run. */
  reencrypted: number;
  /** Values still under another key: the failures, and values changed while this ran. */
  remaining: number;
  failures: RotationFailure[];
}

/**
 * Re-encrypts every stored secret that is not yet under the current key, row by row, each
 * write guarded by the value it replaces (a process that wrote a new value meanwhile keeps it).
 * Idempotent and resumable: values already under the current key are not read, so a second
 * run, or a run after an interruption, does only what is left. Run it once every process
 * holds the new key as ALLOT_SECRET_KEY and the old one as ALLOT_SECRET_KEY_PREVIOUS.
 */
export async function rotateSecrets(
  db: Kysely<Database>,
  keys: SecretKeys,
  options: { batchSize?: number } = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 200;
  const keyId = keyIdOf(keys.secretKey);
  const current = `v2:${keyId}:%`;
  const failures: RotationFailure[] = [];
  let reencrypted = 0;
  let remaining = 0;
  for (const { table, column } of ENCRYPTED_COLUMNS) {
    let after = '';
    for (;;) {
      const { rows } = await sql<{ id: string; value: string }>`
        select id, ${sql.ref(column)} as value from ${sql.table(table)}
        where id > ${after} and ${sql.ref(column)} is not null
          and ${sql.ref(column)} not like ${current}
        order by id limit ${batchSize}`.execute(db);
      if (rows.length === 0) break;
      for (const row of rows) {
        let value: string;
        try {
          value = encryptSecret(keys, decryptSecret(keys, row.value));
        } catch (error) {
          failures.push({ table, id: row.id, reason: (error as Error).message });
          continue;
        }
        const result = await sql`
          update ${sql.table(table)} set ${sql.ref(column)} = ${value}
          where id = ${row.id} and ${sql.ref(column)} = ${row.value}`.execute(db);
        if (Number(result.numAffectedRows ?? 0) === 1) reencrypted += 1;
      }
      after = rows[rows.length - 1]!.id;
    }
    const left = await sql<{ n: number | string }>`
      select count(*) as n from ${sql.table(table)}
      where ${sql.ref(column)} is not null and ${sql.ref(column)} not like ${current}`.execute(db);
    remaining += Number(left.rows[0]?.n ?? 0);
  }
  return {
    keyId,
    previousKeyId: keys.previousSecretKey ? keyIdOf(keys.previousSecretKey) : null,
    reencrypted,
    remaining,
    failures,
  };
}
