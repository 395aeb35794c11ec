/**
 * `allot rotate-key`: re-encrypts every stored secret under ALLOT_SECRET_KEY, reading the old
 * values with ALLOT_SECRET_KEY_PREVIOUS. Without downtime, every process able to read what any
 * other writes at each step:
 *   1. run it as things are: it prints this deployment's identity at Apple (derived from the
 *      key so far); give every process ALLOT_DEPLOYMENT_ID=<that id>, so the key can change;
 *   2. give every process ALLOT_SECRET_KEY_PREVIOUS=<new key> (read only), one by one;
 *   3. swap: ALLOT_SECRET_KEY=<new key>, ALLOT_SECRET_KEY_PREVIOUS=<old key>, one by one;
 *   4. run it again with those variables: it re-encrypts what is left under the old key (run it
 *      again after an interruption: it exits 1 while anything is left);
 *   5. remove ALLOT_SECRET_KEY_PREVIOUS.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  deploymentIdFor,
  keyIdOf,
  rotateSecrets,
  type SecretKeys,
} from '../services/access/secrets.js';

export interface RotateKeyContext extends SecretKeys {
  db: { kysely: Kysely<Database> };
  /** ALLOT_DEPLOYMENT_ID, when set. */
  deploymentId?: string | null;
}

/** Runs the rotation and prints what it did; returns the exit code (1 when values are left). */
export async function rotateKey(
  ctx: RotateKeyContext,
  print: (line: string) => void = (line) => console.log(line),
  options: { batchSize?: number } = {},
): Promise<number> {
  const previous = ctx.previousSecretKey ?? null;
  if (previous !== null && previous.equals(ctx.secretKey)) {
    print('ALLOT_SECRET_KEY_PREVIOUS is the same key as ALLOT_SECRET_KEY: nothing to rotate.');
    return 2;
  }
  const report = await rotateSecrets(ctx.db.kysely, ctx, options);
  print(
    `Re-encrypted ${report.reencrypted} secret${report.reencrypted === 1 ? '' : 's'} under key ` +
      `${report.keyId}` +
      (report.previousKeyId === null ? '' : ` (previous key ${report.previousKeyId})`) +
      '.',
  );
  for (const failure of report.failures) {
    print(`cannot read ${failure.table} ${failure.id}: ${failure.reason}`);
  }
  if (report.remaining > 0) {
    print(
      `${report.remaining} secret${report.remaining === 1 ? ' is' : 's are'} still under ` +
        'another key: run allot rotate-key again (with the key that wrote them as ' +
        'ALLOT_SECRET_KEY_PREVIOUS) before removing ALLOT_SECRET_KEY_PREVIOUS.',
    );
    return 1;
  }
  if (previous === null) {
    print(
      `Every stored secret is under the current key. Before changing ALLOT_SECRET_KEY, give ` +
        `every process this deployment's identity at Apple: ` +
        `ALLOT_DEPLOYMENT_ID=${ctx.deploymentId ?? deploymentIdFor(ctx.secretKey)}`,
    );
    return 0;
  }
  print(
    `Every stored secret is under the current key: ALLOT_SECRET_KEY_PREVIOUS ` +
      `(${keyIdOf(previous)}) may be removed.`,
  );
  return 0;
}
