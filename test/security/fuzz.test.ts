/**
 * Every write route of /docs/json fuzzed from its own schema (fast-check, fixed seed): wrong
 * types, NUL bytes, oversize and unpaired-surrogate strings, bidirectional controls, unknown
 * fields, hostile path IDs. Never a 5xx; every error in the documented shape; a refused request
 * leaves every table as it was (nothing half-written). The query strings of the read routes
 * get the same hostile values. A failure prints its seed and path: rerun with them to replay.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import {
  apiOperations,
  encodePart,
  exampleOf,
  fillPath,
  isWrite,
  type Operation,
} from './openapi.js';
import { buildFixture, kindOfField, kindOfPathParam, type Fixture } from './world.js';

const SEED = 20_260_613;
const RUNS_PER_WRITE_ROUTE = 25;
const RUNS_PER_READ_ROUTE = 10;

let t: TestApp;
let own: Fixture;
let operations: Operation[];
let tables: string[];

beforeAll(async () => {
  t = await createTestApp();
  own = await buildFixture(t, 'fuzz');
  operations = await apiOperations(t);
  tables = (await t.ctx.db.kysely.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !name.startsWith('kysely_'));
});
afterAll(async () => t.close());

/** Row counts of every table, as one text: what a refused request must leave unchanged. */
async function fingerprint(): Promise<string> {
  const parts = tables.map(
    (name) => sql`select ${name} as t, count(*) as n from ${sql.table(name)}`,
  );
  const result = await sql<{
    t: string;
    n: number | string;
  }>`${sql.join(parts, sql` union all `)}`.execute(t.ctx.db.kysely);
  return result.rows.map((r) => `${r.t}=${r.n}`).join(',');
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

const hostileString = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`),
  fc.constant('x'.repeat(5_000)),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: loneSurrogate, minLength: 1, maxLength: 3 }).map((s) => `name${s}`),
  fc.constantFrom(
    '',
    '   ',
    '\u202Egnp.exe',
    'a\u2066b',
    '../../etc/passwd',
    "'; drop table users; --",
    '%00',
    '😀'.repeat(300),
    '\uFEFF',
    '0190aaaa-0000-7000-8000-000000000000',
  ),
);

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

const hostile = fc.oneof(hostileString, wrongType);

type Path = Array<string | number>;

/** Every place in a value a mutation may hit: its fields, their items, and theirs. */
function placesOf(value: unknown, at: Path = []): Path[] {
  const places: Path[] = at.length === 0 ? [] : [at];
  if (Array.isArray(value)) value.forEach((v, i) => places.push(...placesOf(v, [...at, i])));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) places.push(...placesOf(v, [...at, k]));
  }
  return places;
}

function setAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[head!] = setAt(copy[head!], rest, replacement);
  return copy;
}

type Mutation =
  | { kind: 'valid' }
  | { kind: 'field'; place: number; value: unknown }
  | { kind: 'unknown'; name: string; value: unknown }
  | { kind: 'whole'; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'valid' as const }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('field' as const),
      place: fc.nat(),
      value: hostile,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('unknown' as const),
      name: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constant('__proto__')),
      value: hostile,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: hostile }) },
);

function mutate(base: unknown, mutations: Mutation[]): unknown {
  let body = base;
  for (const m of mutations) {
    if (m.kind === 'field') {
      const places = placesOf(body);
      if (places.length > 0) body = setAt(body, places[m.place % places.length]!, m.value);
    } else if (m.kind === 'unknown') {
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
        body = { ...body, [m.name]: m.value };
      }
    } else if (m.kind === 'whole') body = m.value;
  }
  return body;
}

function ownIdFor(field: string): string | null {
  const kind = kindOfField(field);
  return kind === null ? null : (own.ids[kind] ?? null);
}

function pathWith(op: Operation, hostileId: string | null): string {
  const params: Record<string, string> = {};
  for (const name of op.pathParams) {
    const kind = kindOfPathParam(op.path, name);
    params[name] = hostileId ?? (kind === null ? 'none' : (own.ids[kind] ?? 'none'));
  }
  return fillPath(op.path, params);
}

interface Outcome {
  status: number;
  body: string;
  changed: boolean;
}

async function sendRaw(op: Operation, url: string, payload: unknown): Promise<Outcome> {
  const before = await fingerprint();
  const client = op.path === '/api/v1/tenants' ? t.bootstrapToken : own.token;
  const response = await t.app.inject({
    method: op.method,
    url,
    headers: {
      authorization: `Bearer ${client}`,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) ?? 'null' }),
  });
  const changed = response.statusCode >= 400 && (await fingerprint()) !== before;
  return { status: response.statusCode, body: response.body, changed };
}

function checkOutcome(what: string, outcome: Outcome): void {
  expect(outcome.status, `${what} → ${outcome.body}`).toBeLessThan(500);
  if (outcome.status >= 400) {
    const parsed = JSON.parse(outcome.body) as unknown;
    expect(parsed, what).toEqual({
      error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
    });
    expect(Object.keys((parsed as { error: object }).error).sort(), what).toEqual(
      expect.arrayContaining(['code', 'message']),
    );
    expect(outcome.changed, `${what}: refused (${outcome.status}) but changed the database`).toBe(
      false,
    );
  }
}

describe('fuzzing every write route from its schema', () => {
  it('never a 5xx, always the documented error shape, nothing half-written', async () => {
    const writes = operations.filter(isWrite);
    expect(writes.length).toBeGreaterThan(40);
    for (const [index, op] of writes.entries()) {
      const base = op.body === undefined ? undefined : exampleOf(op.body, ownIdFor);
      const query = op.query
        .filter((q) => q.required || q.name === 'confirm')
        .map(
          (q) => `${q.name}=${encodeURIComponent(String(exampleOf(q.schema, ownIdFor, q.name)))}`,
        )
        .join('&');
      const request = fc.record({
        id: op.pathParams.length === 0 ? fc.constant(null) : fc.option(hostileString, { freq: 3 }),
        mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ id, mutations }) => {
          const url = pathWith(op, id) + (query === '' ? '' : `?${query}`);
          const payload = base === undefined ? undefined : mutate(base, mutations);
          checkOutcome(
            `${op.method} ${url} ${JSON.stringify(payload)?.slice(0, 300)}`,
            await sendRaw(op, url, payload),
          );
        }),
        { seed: SEED + index, numRuns: RUNS_PER_WRITE_ROUTE },
      );
    }
  });

  it('hostile query strings on every read route: never a 5xx, always the documented shape', async () => {
    const reads = operations.filter((op) => op.method === 'GET' && op.query.length > 0);
    expect(reads.length).toBeGreaterThan(10);
    for (const [index, op] of reads.entries()) {
      const names = op.query.map((q) => q.name);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...names),
          fc.oneof(hostileString, fc.string({ maxLength: 10 })),
          async (name, value) => {
            const url = `${pathWith(op, null)}?${name}=${encodePart(value)}`;
            checkOutcome(`GET ${url.slice(0, 300)}`, await sendRaw(op, url, undefined));
          },
        ),
        { seed: SEED + 1000 + index, numRuns: RUNS_PER_READ_ROUTE },
      );
    }
  });
});
