/**
 * R-S4: `allot rotate-key` re-encrypts every stored secret (Apple tokens, Microsoft
 * credentials, webhook secrets) under a new key, while processes holding both keys keep
 * reading the old values: no downtime. Idempotent and resumable.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { rotateKey } from '../../src/cli/rotateKey.js';
import { deliverWebhooks } from '../../src/jobs/webhookDeliveries.js';
import {
  decryptSecret,
  deploymentIdFor,
  encryptSecret,
  keyIdOf,
  SecretKeyError,
} from '../../src/services/access/secrets.js';
import { connectorFor } from '../../src/services/accounts/connections.js';
import { raiseNotification } from '../../src/services/monitoring/notifications.js';
import { startAppleEmulator, type AppleEmulator } from '../../src/emulators/apple/index.js';
import {
  startMicrosoftEmulator,
  type MicrosoftEmulator,
} from '../../src/emulators/microsoft/index.js';
import { syncedAccount } from '../helpers/appleAccounts.js';
import { addMicrosoftAccount, NOTES } from '../helpers/microsoftFlow.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

/** What earlier releases wrote (no key id). */
function encryptV1(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', ...[iv, cipher.getAuthTag(), ciphertext].map((p) => p.toString('base64url'))].join(
    ':',
  );
}

const SECRET = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;
let apple: AppleEmulator;
let microsoft: MicrosoftEmulator;
let t: TestApp;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(204).end();
  });
});
let receiverUrl = '';
/** The keys values may be under: the app's own, and those a test rotated to. */
const knownKeys: Buffer[] = [];

beforeAll(async () => {
  apple = await startAppleEmulator({ port: 0, maxRequestsPerSecond: 0, eventDelayMs: 5 });
  microsoft = await startMicrosoftEmulator({ port: 0, maxRequestsPerSecond: 0 });
  t = await createTestApp({
    env: {
      ALLOT_APPLE_API_URL: apple.url,
      ALLOT_MICROSOFT_API_URL: microsoft.url,
      ALLOT_MICROSOFT_AUTHORITY_URL: microsoft.authorityUrl,
      ALLOT_MICROSOFT_GRAPH_URL: microsoft.graphUrl,
      ALLOT_ALLOW_PRIVATE_TARGETS: 'true',
    },
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  await t.close();
  await microsoft.close();
  await apple.close();
});

/** Every encrypted value in the database, by table and row. */
async function storedSecrets(): Promise<Map<string, string>> {
  const db = t.ctx.db.kysely;
  const accounts = await db.selectFrom('accounts').select(['id', 'tokenEncrypted']).execute();
  const hooks = await db.selectFrom('webhooks').select(['id', 'secretEncrypted']).execute();
  return new Map([
    ...accounts.flatMap((a) =>
      a.tokenEncrypted === null ? [] : [[`accounts ${a.id}`, a.tokenEncrypted] as const],
    ),
    ...hooks.map((h) => [`webhooks ${h.id}`, h.secretEncrypted] as const),
  ]);
}

async function accountRow(id: string) {
  return t.ctx.db.kysely
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('R-S4: rotating the secret key', () => {
  it('R-S4: every secret is re-encrypted under the new key, readable by both keys meanwhile; a second run does nothing', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const appleAccount = (await syncedAccount(t, apple, admin)).account;
    const world = { microsoft, apple, t, close: async () => undefined };
    const msAccount = (
      await addMicrosoftAccount(world, admin, {
        products: [{ productId: NOTES, name: 'Notes', seats: 2 }],
      })
    ).account;
    const hook = (
      await admin.post('/webhooks', { url: receiverUrl, events: ['usage'], secret: SECRET })
    ).body;
    const legacyHook = (
      await admin.post('/webhooks', { url: receiverUrl, events: ['authError'], secret: SECRET })
    ).body;
    const oldKey = t.ctx.secretKey;
    // A value written before key ids existed.
    await t.ctx.db.kysely
      .updateTable('webhooks')
      .set({ secretEncrypted: encryptV1(oldKey, SECRET) })
      .where('id', '=', legacyHook.id)
      .execute();
    const before = await storedSecrets();
    expect(before.size).toBe(4);

    // Step 1, as things are: the value of before key ids is brought under the current key, and
    // the deployment's identity at Apple is printed, to be pinned before the key changes.
    const first: string[] = [];
    expect(await rotateKey({ db: t.ctx.db, secretKey: oldKey }, (line) => first.push(line))).toBe(
      0,
    );
    expect(first).toEqual([
      `Re-encrypted 1 secret under key ${keyIdOf(oldKey)}.`,
      'Every stored secret is under the current key. Before changing ALLOT_SECRET_KEY, give ' +
        `every process this deployment's identity at Apple: ALLOT_DEPLOYMENT_ID=${deploymentIdFor(oldKey)}`,
    ]);
    expect((await storedSecrets()).get(`webhooks ${legacyHook.id}`)).toMatch(
      new RegExp(`^v2:${keyIdOf(oldKey)}:`),
    );

    // Steps 2 and 3: the processes hold the new key and the old one: they read what is stored.
    const newKey = randomBytes(32);
    const rotating = { ...t.ctx, secretKey: newKey, previousSecretKey: oldKey };
    await expect(
      connectorFor(rotating, await accountRow(appleAccount.id)).describeToken(),
    ).resolves.toMatchObject({ locationName: appleAccount.locationName });
    await expect(
      connectorFor(rotating, await accountRow(msAccount.id)).describeToken(),
    ).resolves.toMatchObject({ organizationName: 'Contoso' });

    // Step 4: allot rotate-key.
    const lines: string[] = [];
    expect(await rotateKey(rotating, (line) => lines.push(line))).toBe(0);
    expect(lines[0]).toBe(
      `Re-encrypted 4 secrets under key ${keyIdOf(newKey)} (previous key ${keyIdOf(oldKey)}).`,
    );
    expect(lines[1]).toBe(
      `Every stored secret is under the current key: ALLOT_SECRET_KEY_PREVIOUS (${keyIdOf(oldKey)}) may be removed.`,
    );
    const after = await storedSecrets();
    for (const [name, value] of after) {
      expect(value.startsWith(`v2:${keyIdOf(newKey)}:`), name).toBe(true);
      expect(() => decryptSecret(oldKey, value), name).toThrow(SecretKeyError);
      expect(decryptSecret(newKey, value)).toBe(
        decryptSecret({ secretKey: oldKey }, before.get(name)!),
      );
    }

    // Step 5: the old key is gone; everything still works with the new one alone.
    const renewed = { ...t.ctx, secretKey: newKey, previousSecretKey: null };
    await expect(
      connectorFor(renewed, await accountRow(appleAccount.id)).describeToken(),
    ).resolves.toMatchObject({ locationName: appleAccount.locationName });
    await expect(
      connectorFor(renewed, await accountRow(msAccount.id)).describeToken(),
    ).resolves.toMatchObject({ organizationName: 'Contoso' });
    received.length = 0;
    await t.ctx.db.transaction((trx) =>
      raiseNotification(
        trx,
        tenantId,
        {
          kind: 'usage',
          severity: 'warning',
          subject: { type: 'product', id: 'p-rotated', name: 'Maps Pro' },
          spaceId: null,
          threshold: 70,
          message: 'Maps Pro: 70 % of licences in use',
        },
        t.ctx.clock.now(),
      ),
    );
    expect(await deliverWebhooks(renewed)).toMatchObject({ delivered: 1, failed: 0 });
    expect(received).toHaveLength(1);
    expect(
      new Webhook(SECRET).verify(received[0]!.body, received[0]!.headers as Record<string, string>),
    ).toMatchObject({ event: 'notification.raised' });
    expect(received[0]!.headers['webhook-id']).toEqual(expect.any(String));
    expect(hook.id).toEqual(expect.any(String));

    // Idempotent: a second run finds nothing to do and changes nothing.
    const again: string[] = [];
    expect(await rotateKey(rotating, (line) => again.push(line))).toBe(0);
    expect(again[0]).toMatch(/^Re-encrypted 0 secrets/);
    expect(await storedSecrets()).toEqual(after);
    knownKeys.push(newKey);
  });

  it('R-S4: an interrupted rotation is resumed where it stopped; a value no key reads is reported and exits 1', async () => {
    const { admin } = await t.newTenant();
    for (let i = 0; i < 3; i += 1) {
      await admin.post('/webhooks', { url: receiverUrl, events: ['*'], secret: SECRET });
    }
    // Values are under the app's key or the first test's new one: put them all under `from`.
    const from = randomBytes(32);
    for (const [name, value] of await storedSecrets()) {
      const [table, id] = name.split(' ') as ['accounts' | 'webhooks', string];
      const plain = (() => {
        for (const key of [t.ctx.secretKey, ...knownKeys]) {
          try {
            return decryptSecret(key, value);
          } catch {
            // another key
          }
        }
        throw new Error(`cannot read ${name}`);
      })();
      if (table === 'accounts') {
        await t.ctx.db.kysely
          .updateTable('accounts')
          .set({ tokenEncrypted: encryptSecret(from, plain) })
          .where('id', '=', id)
          .execute();
      } else {
        await t.ctx.db.kysely
          .updateTable('webhooks')
          .set({ secretEncrypted: encryptSecret(from, plain) })
          .where('id', '=', id)
          .execute();
      }
    }
    const all = await storedSecrets();
    const to = randomBytes(32);
    const keys = { db: t.ctx.db, secretKey: to, previousSecretKey: from };
    // The run that was interrupted had done the first two values (in id order).
    const names = [...all.keys()].filter((n) => n.startsWith('webhooks ')).sort();
    for (const name of names.slice(0, 2)) {
      await t.ctx.db.kysely
        .updateTable('webhooks')
        .set({ secretEncrypted: encryptSecret(to, decryptSecret(from, all.get(name)!)) })
        .where('id', '=', name.split(' ')[1]!)
        .execute();
    }
    const partial = await storedSecrets();
    // And one value is under a key nobody holds any more.
    const lost = names[names.length - 1]!;
    await t.ctx.db.kysely
      .updateTable('webhooks')
      .set({ secretEncrypted: encryptSecret(randomBytes(32), SECRET) })
      .where('id', '=', lost.split(' ')[1]!)
      .execute();

    const lines: string[] = [];
    expect(await rotateKey(keys, (line) => lines.push(line), { batchSize: 1 })).toBe(1);
    expect(lines[0]).toBe(
      `Re-encrypted ${all.size - 3} secrets under key ${keyIdOf(to)} (previous key ${keyIdOf(from)}).`,
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^cannot read webhooks ${lost.split(' ')[1]!}: A stored secret was encrypted with key [0-9a-f]{16}`,
      ),
    );
    expect(lines[2]).toMatch(/^1 secret is still under another key/);
    const resumed = await storedSecrets();
    for (const name of names.slice(0, 2)) expect(resumed.get(name)).toBe(partial.get(name));
    for (const [name, value] of resumed) {
      if (name !== lost) expect(value.startsWith(`v2:${keyIdOf(to)}:`), name).toBe(true);
    }
  });
});
