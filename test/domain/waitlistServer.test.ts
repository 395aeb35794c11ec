import type { Kysely } from 'kysely';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { waitlistServer } from '../../src/services/intelligence/waitlist.js';

describe('serving a waitlist after a commit', () => {
  it('R-X4: a failure is logged with the tenant and products, never thrown at the change that freed the seats', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino(
      { level: 'warn' },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    const broken = {
      selectFrom() {
        throw new Error('database gone');
      },
    } as unknown as Kysely<Database>;
    const serve = waitlistServer(logger);
    await expect(
      serve(broken, 'sqlite', 'tenant-1', ['product-1'], new Date()),
    ).resolves.toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      tenantId: 'tenant-1',
      productIds: ['product-1'],
      err: { message: 'database gone' },
    });
  });
});
