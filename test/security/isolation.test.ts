/**
 * R-S2, generated from /docs/json: every route that names a resource (in its path, its body or
 * its query) is aimed at another tenant's resources, and at another space's from a
 * space-scoped token. Each answer must be exactly the answer for an ID that names nothing
 * (a 404 where the route looks the ID up): anything else tells the caller the resource exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../helpers/testApp.js';
import { apiOperations, exampleOf, fillPath, type Operation } from './openapi.js';
import {
  buildFixture,
  kindOfField,
  kindOfPathParam,
  unknownId,
  type Fixture,
  type IdKind,
} from './world.js';

let t: TestApp;
let victim: Fixture;
let operations: Operation[];

beforeAll(async () => {
  t = await createTestApp();
  victim = await buildFixture(t, 'victim');
  operations = await apiOperations(t);
});
afterAll(async () => t.close());

interface Answer {
  status: number;
  code: string | undefined;
  body: string;
}

/** The operations that name a resource somewhere, with what each name points at. */
function namingOperations(): Operation[] {
  return operations.filter(
    (op) =>
      // An MDM's event URL names its credential, not a resource (api/mdmEvents.test.ts).
      op.path !== '/api/v1/mdm-events/{token}' &&
      (op.pathParams.length > 0 ||
        op.query.some((q) => kindOfField(q.name) !== null) ||
        String(
          JSON.stringify(exampleOf(op.body, (f) => (kindOfField(f) === null ? null : 'X'))),
        ).includes('"X"')),
  );
}

async function send(
  client: Client,
  op: Operation,
  idOf: (kind: IdKind) => string,
): Promise<Answer> {
  const params: Record<string, string> = {};
  for (const name of op.pathParams) {
    const kind = kindOfPathParam(op.path, name);
    if (kind === null) throw new Error(`${op.path}: no fixture for {${name}}`);
    params[name] = idOf(kind);
  }
  const idFor = (field: string) => {
    const kind = kindOfField(field);
    return kind === null ? null : idOf(kind);
  };
  const query = op.query
    .filter((q) => q.required || kindOfField(q.name) !== null)
    .map((q) => `${q.name}=${encodeURIComponent(String(exampleOf(q.schema, idFor, q.name)))}`)
    .join('&');
  const url = fillPath(op.path, params) + (query === '' ? '' : `?${query}`);
  const body = op.body === undefined ? undefined : exampleOf(op.body, idFor);
  const method = op.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const response =
    method === 'get' || method === 'delete'
      ? await client[method](url)
      : await client[method](url, body ?? {});
  return {
    status: response.status,
    code: response.body?.error?.code,
    body: response.text,
  };
}

/** Probes every naming route with `client`: the victim's IDs, then IDs that name nothing. */
async function probeAll(client: Client): Promise<{ probes: number; leaks: string[] }> {
  const leaks: string[] = [];
  let probes = 0;
  for (const op of namingOperations()) {
    const real = (kind: IdKind) => {
      const id = victim.ids[kind];
      return id ?? unknownId();
    };
    const mine = await send(client, op, real);
    const none = await send(client, op, () => unknownId());
    probes += 1;
    const what = `${op.method} ${op.path}`;
    if (mine.status !== none.status || mine.code !== none.code) {
      leaks.push(
        `${what}: ${mine.status} ${mine.code} for the victim's IDs, ${none.status} ${none.code} for unknown ones`,
      );
    } else if (mine.status < 300 && op.pathParams.length > 0) {
      leaks.push(`${what}: ${mine.status} for another's ID`);
    } else if (op.method === 'GET' && mine.status < 300 && mine.body !== none.body) {
      leaks.push(`${what}: answers differ for the victim's IDs and unknown ones`);
    }
  }
  return { probes, leaks };
}

async function victimStillWhole(): Promise<void> {
  const { admin, ids } = victim;
  for (const url of [
    `/spaces/${ids.otherSpace}`,
    `/users/${ids.user}`,
    `/devices/${ids.device}`,
    `/groups/${ids.group}`,
    `/accounts/${ids.account}`,
    `/catalog-apps/${ids.catalogApp}`,
    `/assignments/${ids.assignment}`,
    `/licenses/${ids.license}`,
    `/jobs/${ids.job}`,
  ]) {
    expect((await admin.get(url)).status, url).toBe(200);
  }
  const license = (await admin.get(`/licenses/${ids.license}`)).body;
  expect(license.state).toBe('active');
  const tokens = (await admin.get('/api-tokens')).body.items.map((x: any) => x.id);
  expect(tokens).toContain(ids.apiToken);
}

describe('R-S2: isolation probes generated from /docs/json', () => {
  it("R-S2: another tenant gets the answer of an unknown ID for every route naming the victim's resources", async () => {
    const intruder = await t.newTenant('intruder');
    const { probes, leaks } = await probeAll(intruder.admin);
    expect(probes).toBeGreaterThan(40);
    expect(leaks).toEqual([]);
    await victimStillWhole();
  });

  it("R-S2: a space-scoped globalAdmin gets the answer of an unknown ID for every route naming another space's resources", async () => {
    const scoped = await victim.admin.post('/api-tokens', {
      name: 'annex admin',
      role: 'globalAdmin',
      spaceId: victim.ids.otherSpace,
    });
    expect(scoped.status).toBe(201);
    const { probes, leaks } = await probeAll(t.client(scoped.body.token));
    expect(probes).toBeGreaterThan(40);
    expect(leaks).toEqual([]);
    await victimStillWhole();
  });
});
