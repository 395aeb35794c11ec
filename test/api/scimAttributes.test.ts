/**
 * SCIM 2.0 (R-I1) beyond the providers' replays: `attributes` and `excludedAttributes`
 * (RFC 7644 §3.4.2.5), the users' read-only `groups` (RFC 7643 §4.1.2), and what the reads and
 * writes of a push cost in statements (issue 14). SQLite, and PostgreSQL when DATABASE_URL is
 * set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Method = 'GET' | 'POST' | 'PATCH';

async function tenant() {
  const { token } = await t.newTenant();
  return async (method: Method, url: string, body?: unknown) => {
    const response = await t.app.inject({
      method,
      url: `/scim/v2${url}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return {
      status: response.statusCode,
      body: response.body === '' ? undefined : JSON.parse(response.body),
    };
  };
}

type Scim = Awaited<ReturnType<typeof tenant>>;

async function createUser(scim: Scim, userName: string): Promise<string> {
  const created = await scim('POST', '/Users', {
    schemas: [CORE_USER, ENTERPRISE],
    userName,
    externalId: `ext-${userName}`,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    displayName: `Ada ${userName}`,
    emails: [{ value: userName, type: 'work', primary: true }],
    [ENTERPRISE]: { department: 'R&D', employeeNumber: '42' },
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function createGroup(scim: Scim, displayName: string, members: string[]): Promise<string> {
  const created = await scim('POST', '/Groups', {
    schemas: [CORE_GROUP],
    displayName,
    members: members.map((value) => ({ value })),
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

/**
 * The statements Allot sends while `work` runs, by their SQL. Every statement goes through
 * Kysely's query executor (transactions' too), whose prototype is shared.
 */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const executor = t.ctx.db.kysely.getExecutor();
  const prototype = Object.getPrototypeOf(executor) as {
    executeQuery: (query: { sql: string }, ...rest: unknown[]) => Promise<unknown>;
  };
  const original = prototype.executeQuery;
  const seen: string[] = [];
  prototype.executeQuery = function (this: unknown, query, ...rest) {
    seen.push(query.sql);
    return original.call(this, query, ...rest);
  };
  try {
    await work();
  } finally {
    prototype.executeQuery = original;
  }
  // The token lookup (cached for a while) is not the request's own work.
  return seen.filter((sql) => !/"api_tokens"/.test(sql));
}

describe('attributes and excludedAttributes', () => {
  it('R-I1: attributes returns only the named attributes, dotted and URN-qualified, with id and schemas', async () => {
    const scim = await tenant();
    const id = await createUser(scim, 'ada@example.test');
    const attributes = [
      'userName',
      'name.givenName',
      'emails.value',
      `${ENTERPRISE}:department`,
      `${CORE_USER}:displayName`,
    ].join(',');
    const read = await scim('GET', `/Users/${id}?attributes=${encodeURIComponent(attributes)}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      schemas: [CORE_USER, ENTERPRISE],
      id,
      userName: 'ada@example.test',
      name: { givenName: 'Ada' },
      displayName: 'Ada ada@example.test',
      emails: [{ value: 'ada@example.test' }],
      [ENTERPRISE]: { department: 'R&D' },
    });

    const listed = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "ADA@example.test"')}&attributes=active`,
    );
    expect(listed.body.totalResults).toBe(1);
    expect(listed.body.Resources).toEqual([{ schemas: [CORE_USER, ENTERPRISE], id, active: true }]);

    // A write's answer too (RFC 7644 §3.9); what is stored is the whole resource.
    const patched = await scim('PATCH', `/Users/${id}?attributes=displayName`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'displayName', value: 'Ada L.' }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ schemas: [CORE_USER, ENTERPRISE], id, displayName: 'Ada L.' });
    const group = await scim('POST', '/Groups?excludedAttributes=members,meta', {
      displayName: 'Readers',
    });
    expect(group.status).toBe(201);
    expect(group.body).toEqual({
      schemas: [CORE_GROUP],
      id: group.body.id,
      displayName: 'Readers',
    });
    expect((await scim('GET', `/Users/${id}`)).body.emails).toHaveLength(1);
  });

  it('R-I1: excludedAttributes leaves the named attributes out, never id or schemas', async () => {
    const scim = await tenant();
    const id = await createUser(scim, 'grace@example.test');
    const excluded = ['emails', 'name.familyName', 'id', 'schemas', 'groups', 'meta'].join(',');
    const listed = await scim('GET', `/Users?excludedAttributes=${encodeURIComponent(excluded)}`);
    expect(listed.status).toBe(200);
    const [user] = listed.body.Resources;
    expect(user.id).toBe(id);
    expect(user.schemas).toEqual([CORE_USER, ENTERPRISE]);
    expect(user.name).toEqual({ givenName: 'Ada' });
    expect(user.emails).toBeUndefined();
    expect(user.groups).toBeUndefined();
    expect(user.meta).toBeUndefined();
    expect(user.userName).toBe('grace@example.test');
    // What was left out of an answer is still stored.
    expect((await scim('GET', `/Users/${id}`)).body.emails).toEqual([
      { value: 'grace@example.test', type: 'work', primary: true },
    ]);
  });

  it('R-I1: groups answer members unless left out, and only the sub-attributes asked for', async () => {
    const scim = await tenant();
    const userId = await createUser(scim, 'alan@example.test');
    const groupId = await createGroup(scim, 'Teachers', [userId]);

    const without = await scim('GET', `/Groups/${groupId}?excludedAttributes=members`);
    expect(without.body.members).toBeUndefined();
    expect(without.body.displayName).toBe('Teachers');

    const named = await scim('GET', `/Groups?attributes=displayName`);
    expect(named.body.Resources).toEqual([
      { schemas: [CORE_GROUP], id: groupId, displayName: 'Teachers' },
    ]);

    const values = await scim('GET', `/Groups/${groupId}?attributes=members.value`);
    expect(values.body).toEqual({
      schemas: [CORE_GROUP],
      id: groupId,
      members: [{ value: userId }],
    });
  });

  it('R-I1: a left-out members list is not read at all', async () => {
    const scim = await tenant();
    const userId = await createUser(scim, 'edsger@example.test');
    const groupId = await createGroup(scim, 'Heads', [userId]);
    const statements = await statementsOf(() =>
      scim('GET', `/Groups/${groupId}?excludedAttributes=members`),
    );
    expect(statements.filter((sql) => /"group_members"/.test(sql))).toEqual([]);
  });
});

describe("users' groups", () => {
  it('R-I1: a user lists the groups it belongs to (value, $ref, display), read once for a page', async () => {
    const scim = await tenant();
    const ada = await createUser(scim, 'ada@example.test');
    const alan = await createUser(scim, 'alan@example.test');
    const grace = await createUser(scim, 'grace@example.test');
    const teachers = await createGroup(scim, 'Teachers', [ada, alan]);
    const heads = await createGroup(scim, 'Heads', [ada]);

    let listed: Awaited<ReturnType<Scim>> | undefined;
    const statements = await statementsOf(async () => {
      listed = await scim('GET', '/Users?count=10');
    });
    expect(statements.filter((sql) => /"group_members"/.test(sql))).toHaveLength(1);
    const byId = new Map<string, any>(listed!.body.Resources.map((u: any) => [u.id, u]));
    const groupOf = (id: string, name: string) => ({
      value: id,
      $ref: `http://localhost:80/scim/v2/Groups/${id}`,
      display: name,
      type: 'direct',
    });
    const sorted = (groups: any[]) => [...groups].sort((a, b) => a.value.localeCompare(b.value));
    expect(sorted(byId.get(ada).groups)).toEqual(
      sorted([groupOf(teachers, 'Teachers'), groupOf(heads, 'Heads')]),
    );
    expect(byId.get(alan).groups).toEqual([groupOf(teachers, 'Teachers')]);
    expect(byId.get(grace).groups).toEqual([]);

    // One user read by id, and a filtered list, carry them too.
    expect((await scim('GET', `/Users/${alan}`)).body.groups).toEqual([
      groupOf(teachers, 'Teachers'),
    ]);
    const filtered = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`groups.value eq "${heads}"`)}`,
    );
    expect(filtered.body.Resources.map((u: any) => u.id)).toEqual([ada]);

    // Leaving a group leaves the user's list; `groups` in a body is read-only and ignored.
    const left = await scim('PATCH', `/Groups/${heads}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Remove', path: 'members', value: [{ value: ada }] }],
    });
    expect(left.status).toBe(204);
    expect((await scim('GET', `/Users/${ada}`)).body.groups).toEqual([
      groupOf(teachers, 'Teachers'),
    ]);
  });
});

describe('what a push costs (issue 14)', () => {
  it('R-I1: the lookup before a create (userName eq, nobody found) is one statement', async () => {
    const scim = await tenant();
    await createUser(scim, 'ada@example.test');
    let found: Awaited<ReturnType<Scim>> | undefined;
    const statements = await statementsOf(async () => {
      found = await scim(
        'GET',
        `/Users?filter=${encodeURIComponent('userName eq "nobody@example.test"')}`,
      );
    });
    expect(found!.body.totalResults).toBe(0);
    expect(statements).toHaveLength(1);
  });

  it('R-I1: members added or removed by value neither read the group members nor rewrite the group', async () => {
    const scim = await tenant();
    const ids = await Promise.all(
      ['a', 'b', 'c', 'd'].map((n) => createUser(scim, `${n}@example.test`)),
    );
    const [a, b, c, d] = ids as [string, string, string, string];
    const groupId = await createGroup(scim, 'Pupils', [a]);
    const statements = await statementsOf(async () => {
      const added = await scim('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'Add', path: 'members', value: [{ $ref: null, value: b }, { value: c }] },
          { op: 'Add', path: 'members', value: [{ value: a }, { value: d }] },
          { op: 'Remove', path: `members[value eq "${d}"]` },
        ],
      });
      expect(added.status).toBe(204);
    });
    expect(statements.filter((sql) => /^select.*from "group_members"/i.test(sql))).toEqual([]);
    const read = await scim('GET', `/Groups/${groupId}`);
    expect(read.body.members.map((m: any) => m.value).sort()).toEqual([a, b, c].sort());

    // An unknown member is refused, and nothing of the request is applied.
    const refused = await scim('PATCH', `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Add', path: 'members', value: [{ value: d }, { value: 'no-such-user' }] },
      ],
    });
    expect(refused.status).toBe(400);
    const after = await scim('GET', `/Groups/${groupId}`);
    expect(after.body.members.map((m: any) => m.value).sort()).toEqual([a, b, c].sort());

    // Anything else (a replace of the whole list) still goes through the whole group.
    const replaced = await scim('PATCH', `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'members', value: [{ value: d }] }],
    });
    expect(replaced.status).toBe(204);
    const final = await scim('GET', `/Groups/${groupId}`);
    expect(final.body.members.map((m: any) => m.value)).toEqual([d]);
  });

  it('R-I1: a create answers what it wrote without reading the user or group again', async () => {
    const scim = await tenant();
    let created: Awaited<ReturnType<Scim>> | undefined;
    const statements = await statementsOf(async () => {
      created = await scim('POST', '/Users', {
        schemas: [CORE_USER],
        userName: 'Linus@Example.test',
        active: 'False',
        emails: [{ value: 'linus@example.test', primary: true }],
      });
    });
    expect(created!.status).toBe(201);
    const id = created!.body.id as string;
    expect(statements.filter((sql) => /^select .*"scim_user_name"/i.test(sql))).toEqual([]);
    const read = await scim('GET', `/Users/${id}`);
    expect(created!.body).toEqual(read.body);
    expect(read.body.active).toBe(false);

    let group: Awaited<ReturnType<Scim>> | undefined;
    const groupStatements = await statementsOf(async () => {
      group = await scim('POST', '/Groups', {
        schemas: [CORE_GROUP],
        displayName: 'Staff',
        externalId: 'grp-staff',
      });
    });
    expect(group!.status).toBe(201);
    expect(groupStatements.filter((sql) => /^select "g"\.\*/i.test(sql))).toEqual([]);
    expect(group!.body).toEqual((await scim('GET', `/Groups/${group!.body.id}`)).body);
    expect(group!.body).toMatchObject({
      displayName: 'Staff',
      externalId: 'grp-staff',
      members: [],
    });
  });
});
