/**
 * Named statements on PostgreSQL (src/db/pgStatements.ts): each statement text is prepared under
 * a name, and prepared again under a new one as its executions on the connection grow, so that
 * a generic plan made on nearly empty tables does not outlive them.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { prepareStatementsOf } from '../../src/db/pgStatements.js';

/** A client that records what it is asked to run. */
function recordingClient() {
  const sent: Array<{ name?: string; text: string }> = [];
  const client = {
    query: (config: unknown) => {
      sent.push(
        typeof config === 'string' ? { text: config } : (config as { name: string; text: string }),
      );
      return Promise.resolve({ rows: [] });
    },
  };
  prepareStatementsOf(client as unknown as pg.PoolClient);
  return {
    client: client as unknown as { query: (text: string, values: unknown[]) => unknown },
    sent,
  };
}

describe('named statements', () => {
  it('prepares a statement again as its executions grow (64, 256, …), each text on its own', async () => {
    const { client, sent } = recordingClient();
    for (let i = 0; i < 300; i += 1) {
      await client.query('select $1::text as a', [String(i)]);
      if (i % 100 === 0) await client.query('select $1::int as b', [i]);
    }
    const names = sent.filter((s) => s.text.includes(' as a')).map((s) => s.name);
    expect(names.slice(0, 64).every((n) => n === names[0])).toBe(true);
    expect(names[64]).not.toBe(names[0]);
    expect(new Set(names.slice(64, 256)).size).toBe(1);
    expect(names[256]).not.toBe(names[64]);
    expect(new Set(names).size).toBe(3);
    // The other text kept its first name: it ran three times.
    const other = sent.filter((s) => s.text.includes(' as b')).map((s) => s.name);
    expect(new Set(other).size).toBe(1);
    expect(other[0]).not.toBe(names[0]);
  });
});
