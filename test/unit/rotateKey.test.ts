import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rotateKey } from '../../src/cli/rotateKey.js';
import {
  decryptSecret,
  deploymentIdFor,
  encryptSecret,
  keyIdOf,
  SecretKeyError,
} from '../../src/services/access/secrets.js';

/** The format written before key ids (v1), as the earlier releases wrote it. */
function encryptV1(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join(':');
}

const oldKey = randomBytes(32);
const newKey = randomBytes(32);

describe('R-S4: secrets at rest carry the id of their key', () => {
  it('R-S4: a value names its key (not the key itself) and holds nothing of the plaintext', () => {
    const stored = encryptSecret(newKey, 'client-secret-value');
    expect(stored.startsWith(`v2:${keyIdOf(newKey)}:`)).toBe(true);
    expect(keyIdOf(newKey)).toMatch(/^[0-9a-f]{16}$/);
    expect(stored).not.toContain('client-secret');
    expect(stored).not.toContain(newKey.toString('base64url'));
    expect(stored).not.toContain(newKey.toString('hex'));
    expect(encryptSecret(newKey, 'x')).not.toBe(encryptSecret(newKey, 'x')); // a fresh IV
    expect(decryptSecret(newKey, stored)).toBe('client-secret-value');
  });

  it('R-S4: during a rotation both keys read, only the new one writes; without the old key its values are refused by name', () => {
    const rotating = { secretKey: newKey, previousSecretKey: oldKey };
    const underOld = encryptSecret(oldKey, 'old');
    const legacy = encryptV1(oldKey, 'legacy');
    expect(decryptSecret(rotating, underOld)).toBe('old');
    expect(decryptSecret(rotating, legacy)).toBe('legacy');
    expect(decryptSecret(rotating, encryptSecret(rotating, 'new'))).toBe('new');
    expect(encryptSecret(rotating, 'new').startsWith(`v2:${keyIdOf(newKey)}:`)).toBe(true);
    expect(() => decryptSecret(newKey, underOld)).toThrow(SecretKeyError);
    expect(() => decryptSecret(newKey, underOld)).toThrow(keyIdOf(oldKey));
    expect(() => decryptSecret(newKey, legacy)).toThrow(SecretKeyError);
    expect(decryptSecret(oldKey, legacy)).toBe('legacy');
    expect(() => decryptSecret(newKey, 'v9:whatever')).toThrow('Unknown secret format');
    // A value whose ciphertext was altered is refused (GCM), not misread.
    const parts = underOld.split(':');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => decryptSecret(rotating, parts.join(':'))).toThrow();
  });

  it('R-S4: the deployment identity at Apple is derived as before, so a rotation can keep it', () => {
    const hex = createHash('sha256').update('allot-deployment').update(oldKey).digest('hex');
    expect(deploymentIdFor(oldKey)).toBe(
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`,
    );
  });

  it('R-S4: allot rotate-key refuses a previous key equal to the current one', async () => {
    const lines: string[] = [];
    const db = {
      kysely: new Proxy(
        {},
        {
          get() {
            throw new Error('the database is not touched');
          },
        },
      ),
    } as never;
    const code = await rotateKey(
      { db, secretKey: newKey, previousSecretKey: Buffer.from(newKey) },
      (line) => lines.push(line),
    );
    expect(code).toBe(2);
    expect(lines).toEqual([
      'ALLOT_SECRET_KEY_PREVIOUS is the same key as ALLOT_SECRET_KEY: nothing to rotate.',
    ]);
  });
});
