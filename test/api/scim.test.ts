/**
 * SCIM 2.0 (R-I1): the request sequences Entra ID and Okta send
 * (shared/reference/scim-identity-providers.md), replayed through app.inject(), and bad input.
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
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

interface ScimResponse {
  status: number;
  body: any;
  headers: Record<string, unknown>;
  text: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function scimClient(token: string, options: { contentType?: string; userAgent?: string } = {}) {
  return async (method: Method, url: string, body?: unknown): Promise<ScimResponse> => {
    const response = await t.app.inject({
      method,
      url: `/scim/v2${url}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined
          ? {}
          : { 'content-type': options.contentType ?? 'application/scim+json' }),
        ...(options.userAgent === undefined ? {} : { 'user-agent': options.userAgent }),
      },
      ...(body === undefined
        ? {}
        : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return {
      status: response.statusCode,
      body: response.body === '' ? undefined : JSON.parse(response.body),
      headers: response.headers,
      text: response.body,
    };
  };
}

const patch = (...operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });

async function tenant() {
  const { admin, token } = await t.newTenant();
  return { admin, scim: scimClient(token) };
}

/** Counts of the tenant's rows, to prove that a refused request wrote nothing. */
async function counts(admin: Awaited<ReturnType<typeof tenant>>['admin']) {
  const users = (await admin.get('/users?limit=500')).body.items.length;
  const groups = (await admin.get('/groups?limit=500')).body.items.length;
  const activity = (await admin.get('/activity?limit=500')).body.items.length;
  return { users, groups, activity };
}

describe('Entra ID', () => {
  it('R-I1: replays Entra ID provisioning: test connection, create, match, update, deactivate, groups, delete', async () => {
    const { admin, scim } = await tenant();
    // Test Connection: a filter on the matching attribute with a random GUID, empty ListResponse.
    const probe = await scim(
      'GET',
      '/Users?filter=userName+eq+%22b3c2c4d1-1f0e-4a57-8a5e-2f0f6b1a9c11%22',
    );
    expect(probe.status).toBe(200);
    expect(probe.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(probe.body).toEqual({
      schemas: [LIST],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
    // Create as Entra sends it ("True" as a string, an unknown schema URI, enterprise extension).
    const created = await scim('POST', '/Users', {
      schemas: [CORE_USER, ENTERPRISE],
      externalId: 'adal',
      userName: 'Ada.L@Contoso.example',
      active: 'True',
      displayName: 'Ada L',
      emails: [{ primary: true, type: 'work', value: 'ada@contoso.example' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Ada L', familyName: 'L', givenName: 'Ada' },
      roles: [],
      [ENTERPRISE]: { department: 'R&D', employeeNumber: '42' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers.location).toBe(created.body.meta.location);
    expect(created.body).toMatchObject({
      schemas: [CORE_USER, ENTERPRISE],
      userName: 'Ada.L@Contoso.example',
      externalId: 'adal',
      active: true,
      name: { givenName: 'Ada', familyName: 'L' },
      [ENTERPRISE]: { department: 'R&D', employeeNumber: '42' },
      meta: { resourceType: 'User' },
    });
    // The Allot user: e-mail from the e-mail attributes, not userName.
    expect((await admin.get(`/users/${id}`)).body).toMatchObject({
      email: 'ada@contoso.example',
      displayName: 'Ada L',
    });
    // Match by userName in another case, and by externalId (case-exact).
    const byName = await scim('GET', '/Users?filter=userName%20eq%20%22ada.l%40contoso.example%22');
    expect(byName.body.Resources.map((r: any) => r.id)).toEqual([id]);
    expect(byName.body.Resources[0].userName).toBe('Ada.L@Contoso.example');
    expect((await scim('GET', '/Users?filter=externalId+eq+%22adal%22')).body.totalResults).toBe(1);
    expect((await scim('GET', '/Users?filter=externalId+eq+%22ADAL%22')).body.totalResults).toBe(0);
    expect(
      (
        await scim(
          'GET',
          '/Users?filter=emails%5Btype+eq+%22work%22%5D.value+eq+%22ADA%40contoso.example%22',
        )
      ).body.totalResults,
    ).toBe(1);
    // Updates, one Replace per attribute, capitalised ops, enterprise URN paths.
    const updated = await scim(
      'PATCH',
      `/Users/${id}`,
      patch(
        { op: 'Replace', path: 'name.familyName', value: 'Lovelace' },
        { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: '43' },
        { op: 'Add', path: 'nickName', value: 'Babs' },
        { op: 'Replace', path: 'displayName', value: 'Ada Lovelace' },
      ),
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: { familyName: 'Lovelace', givenName: 'Ada' },
      nickName: 'Babs',
      displayName: 'Ada Lovelace',
      [ENTERPRISE]: { employeeNumber: '43', department: 'R&D' },
    });
    // The aadOptscim062020 form: one path-less replace with dotted and URN keys.
    const flagged = await scim(
      'PATCH',
      `/Users/${id}`,
      patch({
        op: 'replace',
        value: { 'name.givenName': 'Augusta', [`${ENTERPRISE}:department`]: 'Maths' },
      }),
    );
    expect(flagged.body).toMatchObject({
      name: { givenName: 'Augusta' },
      [ENTERPRISE]: { department: 'Maths' },
    });
    // A work e-mail patched although absent: the entry is created.
    const mail = await scim(
      'PATCH',
      `/Users/${id}`,
      patch({ op: 'Replace', path: 'emails[type eq "home"].value', value: 'ada@home.example' }),
    );
    expect(mail.body.emails).toEqual(
      expect.arrayContaining([
        { primary: true, type: 'work', value: 'ada@contoso.example' },
        expect.objectContaining({ type: 'home', value: 'ada@home.example' }),
      ]),
    );
    // Periodic no-op: active true again answers 200.
    const noop = await scim(
      'PATCH',
      `/Users/${id}`,
      patch({ op: 'Replace', path: 'active', value: 'True' }),
    );
    expect(noop.status).toBe(200);
    // Groups: create without members, then members by PATCH (several in one request).
    const kim = (
      await scim('POST', '/Users', {
        schemas: [CORE_USER],
        userName: 'Test_User_kim',
        active: true,
      })
    ).body;
    const sam = (
      await scim('POST', '/Users', {
        schemas: [CORE_USER],
        userName: 'Sam@Contoso.example',
        emails: [{ type: 'work', value: 'sam@contoso.example' }],
      })
    ).body;
    expect(kim.userName).toBe('Test_User_kim');
    const group = await scim('POST', '/Groups', {
      schemas: [
        CORE_GROUP,
        'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
      ],
      externalId: 'grp-1',
      displayName: 'Engineering',
      meta: { resourceType: 'Group' },
    });
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({
      displayName: 'Engineering',
      externalId: 'grp-1',
      members: [],
    });
    const gid = group.body.id as string;
    expect(
      (
        await scim(
          'GET',
          '/Groups?excludedAttributes=members&filter=displayName+eq+%22engineering%22',
        )
      ).body.Resources,
    ).toEqual([expect.not.objectContaining({ members: expect.anything() })]);
    const added = await scim(
      'PATCH',
      `/Groups/${gid}`,
      patch({
        op: 'Add',
        path: 'members',
        value: [
          { $ref: null, value: id },
          { $ref: null, value: kim.id },
          { $ref: null, value: sam.id },
        ],
      }),
    );
    expect(added.status).toBe(204);
    // Entra's default Remove: only the listed members leave.
    expect(
      (
        await scim(
          'PATCH',
          `/Groups/${gid}`,
          patch({ op: 'Remove', path: 'members', value: [{ value: kim.id }] }),
        )
      ).status,
    ).toBe(204);
    // The flagged form: a filtered path without value.
    await scim(
      'PATCH',
      `/Groups/${gid}`,
      patch({ op: 'remove', path: `members[value eq "${sam.id}"]` }),
    );
    const members = (await scim('GET', `/Groups/${gid}`)).body.members;
    expect(members.map((m: any) => m.value)).toEqual([id]);
    expect((await admin.get(`/groups/${gid}/members`)).body.items.map((m: any) => m.id)).toEqual([
      id,
    ]);
    // Deactivation: kept, readable, filterable, still in the group.
    const off = await scim(
      'PATCH',
      `/Users/${id}`,
      patch({ op: 'Replace', path: 'active', value: 'False' }),
    );
    expect(off.body.active).toBe(false);
    const inactive = await scim('GET', '/Users?filter=userName+eq+%22Ada.L%40Contoso.example%22');
    expect(inactive.body.Resources[0]).toMatchObject({ id, active: false });
    expect((await scim('GET', `/Groups/${gid}`)).body.members.map((m: any) => m.value)).toEqual([
      id,
    ]);
    // Hard delete: 204, then 404 everywhere, gone from queries and from the group.
    expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204);
    const gone = await scim('GET', `/Users/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ schemas: [ERROR], status: '404' });
    expect(
      (await scim('PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'active', value: false })))
        .status,
    ).toBe(404);
    expect((await scim('DELETE', `/Users/${id}`)).status).toBe(404);
    expect((await scim('GET', '/Users?filter=externalId+eq+%22adal%22')).body.totalResults).toBe(0);
    expect((await scim('GET', `/Groups/${gid}`)).body.members).toEqual([]);
    // R-M7: the provider is the actor of what it changed.
    const activity = (await admin.get('/activity?limit=200')).body.items;
    const actions = activity
      .filter((a: any) => a.actor.name.startsWith('scim:'))
      .map((a: any) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'user.create',
        'user.update',
        'user.deactivate',
        'user.delete',
        'group.create',
        'group.changeMembers',
      ]),
    );
  });
});

describe('Okta', () => {
  it('R-I1: replays Okta provisioning: existence check, create, GET then PUT, deactivate by PUT, push groups', async () => {
    // Okta sends its own User-Agent and a charset on the media type.
    const { token } = await t.newTenant();
    const okta = scimClient(token, {
      contentType: 'application/scim+json; charset=utf-8',
      userAgent: 'Okta SCIM Client 1.0.0',
    });
    const absent = await okta(
      'GET',
      '/Users?filter=userName%20eq%20%22kim%40example.org%22&startIndex=1&count=100',
    );
    expect(absent.body.totalResults).toBe(0);
    const body = {
      schemas: [CORE_USER],
      userName: 'Kim@Example.org',
      name: { givenName: 'Kim', familyName: 'Lee' },
      emails: [{ primary: true, value: 'kim@example.org', type: 'work' }],
      displayName: 'Kim Lee',
      locale: 'en-US',
      externalId: '00u1okta',
      groups: [],
      password: 'S3cret!',
      active: true,
    };
    const created = await okta('POST', '/Users', body);
    expect(created.status).toBe(201);
    expect(created.body.password).toBeUndefined();
    expect(created.text).not.toContain('S3cret');
    // A second POST is a 409 uniqueness, in any case.
    const again = await okta('POST', '/Users', { ...body, userName: 'KIM@EXAMPLE.ORG' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
    // The spec test's reads.
    const first = await okta('GET', '/Users?count=1&startIndex=1');
    expect(first.body).toMatchObject({ totalResults: 1, itemsPerPage: 1, startIndex: 1 });
    expect(first.body.Resources[0]).toMatchObject({
      id: created.body.id,
      userName: 'Kim@Example.org',
      active: true,
      name: { givenName: 'Kim', familyName: 'Lee' },
      emails: [expect.objectContaining({ value: 'kim@example.org' })],
    });
    expect(
      (await okta('GET', '/Users?filter=USERNAME%20EQ%20%22kim%40example.org%22')).body
        .totalResults,
    ).toBe(1);
    const unknown = await okta('GET', '/Users/010101');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toEqual(expect.any(String));
    // AIW apps: GET then PUT the whole user, id, meta, groups and active included.
    const current = (await okta('GET', `/Users/${created.body.id}`)).body;
    const put = await okta('PUT', `/Users/${created.body.id}`, {
      ...current,
      name: { givenName: 'Kim', familyName: 'Lee-Park' },
      groups: [{ value: 'x' }],
    });
    expect(put.status).toBe(200);
    expect(put.body.name.familyName).toBe('Lee-Park');
    expect(put.body.id).toBe(created.body.id);
    // Deactivation by PUT, and by the OIN PATCH.
    const off = await okta('PUT', `/Users/${created.body.id}`, { ...put.body, active: false });
    expect(off.body.active).toBe(false);
    const on = await okta(
      'PATCH',
      `/Users/${created.body.id}`,
      patch({ op: 'replace', value: { active: true } }),
    );
    expect(on.body.active).toBe(true);
    // Paging: 1-based, stable, numeric.
    for (const n of [1, 2, 3]) {
      await okta('POST', '/Users', { schemas: [CORE_USER], userName: `user${n}@example.org` });
    }
    const page1 = (await okta('GET', '/Users?startIndex=1&count=2')).body;
    const page2 = (await okta('GET', '/Users?startIndex=3&count=2')).body;
    expect(page1).toMatchObject({ totalResults: 4, itemsPerPage: 2, startIndex: 1 });
    expect(page2).toMatchObject({ totalResults: 4, itemsPerPage: 2, startIndex: 3 });
    const all = [...page1.Resources, ...page2.Resources].map((r: any) => r.id);
    expect(new Set(all).size).toBe(4);
    expect((await okta('GET', '/Users?count=0')).body).toMatchObject({
      totalResults: 4,
      Resources: [],
    });
    // Push Groups: create with no members, rename + membership in mixed forms.
    const ids = all.filter((i: string) => i !== created.body.id);
    const group = await okta('POST', '/Groups', {
      schemas: [CORE_GROUP],
      displayName: 'Sales',
      members: [],
    });
    expect(group.status).toBe(201);
    const gid = group.body.id;
    await okta(
      'PATCH',
      `/Groups/${gid}`,
      patch(
        { op: 'replace', value: { id: gid, displayName: 'Sales EMEA' } },
        {
          op: 'add',
          path: 'members',
          value: [
            { value: ids[0], display: 'one' },
            { value: ids[1], display: 'two' },
          ],
        },
      ),
    );
    await okta(
      'PATCH',
      `/Groups/${gid}`,
      patch(
        { op: 'replace', value: { id: gid, displayName: 'Sales EMEA' } },
        { op: 'remove', path: `members[value eq "${ids[0]}"]` },
        {
          op: 'add',
          path: 'members',
          value: [{ value: ids[2], display: 'three' }, { value: ids[1] }],
        },
      ),
    );
    let read = (await okta('GET', `/Groups/${gid}`)).body;
    expect(read.displayName).toBe('Sales EMEA');
    expect(read.members.map((m: any) => m.value).sort()).toEqual([ids[1], ids[2]].sort());
    // A full push replaces the list.
    await okta(
      'PATCH',
      `/Groups/${gid}`,
      patch({ op: 'replace', path: 'members', value: [{ value: ids[0] }] }),
    );
    read = (await okta('GET', '/Groups?startIndex=1&count=100')).body.Resources[0];
    expect(read.members.map((m: any) => m.value)).toEqual([ids[0]]);
    // AIW apps PUT the group.
    const putGroup = await okta('PUT', `/Groups/${gid}`, {
      schemas: [CORE_GROUP],
      displayName: 'Sales',
      members: [{ value: ids[1] }, { value: ids[2] }],
    });
    expect(putGroup.body.members.map((m: any) => m.value).sort()).toEqual([ids[1], ids[2]].sort());
    expect((await okta('DELETE', `/Groups/${gid}`)).status).toBe(204);
    expect((await okta('GET', `/Groups/${gid}`)).status).toBe(404);
  });
});

describe('protocol', () => {
  it('R-I1: discovery endpoints describe what is supported', async () => {
    const { scim } = await tenant();
    const config = (await scim('GET', '/ServiceProviderConfig')).body;
    expect(config).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });
    const types = (await scim('GET', '/ResourceTypes')).body;
    expect(types).toMatchObject({ schemas: [LIST], totalResults: 2 });
    expect(types.Resources.map((r: any) => r.endpoint)).toEqual(['/Users', '/Groups']);
    const schemas = (await scim('GET', '/Schemas')).body;
    expect(schemas.Resources.map((s: any) => s.id)).toEqual([CORE_USER, ENTERPRISE, CORE_GROUP]);
    expect(JSON.stringify(schemas)).not.toContain('null');
    const userName = schemas.Resources[0].attributes.find((a: any) => a.name === 'userName');
    expect(userName).toMatchObject({ required: true, uniqueness: 'server', caseExact: false });
    expect((await scim('GET', `/Schemas/${CORE_GROUP}`)).body.name).toBe('Group');
    expect((await scim('GET', '/ResourceTypes/Device')).status).toBe(404);
  });

  it('R-I1: answers 401, 403 and 404 in the SCIM shape, never the console', async () => {
    const { token } = await t.newTenant();
    for (const authorization of [undefined, 'non-token', 'Bearer nope']) {
      const response = await t.app.inject({
        url: '/scim/v2/Users',
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        schemas: [ERROR],
        status: '401',
        detail: expect.any(String),
      });
    }
    const readOnly = await t
      .client(token)
      .post('/api-tokens', { name: 'reader', role: 'readOnly' });
    const denied = await scimClient(readOnly.body.token)('GET', '/Users');
    expect(denied.status).toBe(403);
    expect(denied.body.status).toBe('403');
    for (const url of [
      '/scim',
      '/scim/v2',
      '/scim/v2/Foo',
      '/scim/v2/Users/x/y',
      '/scim/v1/Users',
    ]) {
      const response = await t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(response.json()).toMatchObject({ schemas: [ERROR], status: '404' });
    }
  });

  it('R-I1: accepts application/json as well as application/scim+json', async () => {
    const { token } = await t.newTenant();
    const json = scimClient(token, { contentType: 'application/json' });
    const created = await json('POST', '/Users', { userName: 'plain@example.org' });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toMatch(/^application\/scim\+json/);
  });
});

describe('bad input', () => {
  it('R-I1: malformed bodies, filters and PATCH paths get their scimType and write nothing', async () => {
    const { admin, scim } = await tenant();
    const kim = (await scim('POST', '/Users', { userName: 'kim@example.org' })).body;
    const group = (await scim('POST', '/Groups', { displayName: 'Team' })).body;
    const before = await counts(admin);
    const cases: Array<[Method, string, unknown, number, string]> = [
      ['POST', '/Users', '{"userName": ', 400, 'invalidSyntax'],
      ['POST', '/Users', '[1, 2]', 400, 'invalidSyntax'],
      ['POST', '/Users', { displayName: 'No userName' }, 400, 'invalidValue'],
      ['POST', '/Users', { userName: 'x@example.org', active: 'maybe' }, 400, 'invalidValue'],
      ['POST', '/Users', { userName: 'KIM@example.org' }, 409, 'uniqueness'],
      ['POST', '/Groups', { displayName: 'team' }, 409, 'uniqueness'],
      [
        'POST',
        '/Groups',
        { displayName: 'Other', members: [{ value: 'nobody' }] },
        400,
        'invalidValue',
      ],
      ['GET', '/Users?filter=userName+eq', undefined, 400, 'invalidFilter'],
      ['GET', '/Groups?filter=displayName+zz+%22x%22', undefined, 400, 'invalidFilter'],
      ['PATCH', `/Users/${kim.id}`, { schemas: [PATCH_OP] }, 400, 'invalidSyntax'],
      [
        'PATCH',
        `/Users/${kim.id}`,
        patch({ op: 'frob', path: 'active', value: true }),
        400,
        'invalidSyntax',
      ],
      [
        'PATCH',
        `/Users/${kim.id}`,
        patch({ op: 'replace', path: 'emails[type eq', value: 'x' }),
        400,
        'invalidPath',
      ],
      [
        'PATCH',
        `/Users/${kim.id}`,
        patch({ op: 'replace', path: 'id', value: 'other' }),
        400,
        'mutability',
      ],
      [
        'PATCH',
        `/Users/${kim.id}`,
        patch({ op: 'replace', path: 'active', value: 'perhaps' }),
        400,
        'invalidValue',
      ],
      ['PATCH', `/Users/${kim.id}`, patch({ op: 'remove', path: 'userName' }), 400, 'invalidValue'],
      [
        'PATCH',
        `/Groups/${group.id}`,
        patch(
          { op: 'add', path: 'members', value: [{ value: kim.id }] },
          { op: 'add', path: 'members', value: [{ value: 'nobody' }] },
        ),
        400,
        'invalidValue',
      ],
    ];
    for (const [method, url, body, status, scimType] of cases) {
      const response = await scim(method, url, body);
      expect({ url, body, status: response.status, scimType: response.body?.scimType }).toEqual({
        url,
        body,
        status,
        scimType,
      });
      expect(response.body).toMatchObject({ schemas: [ERROR], status: String(status) });
    }
    for (const [method, url] of [
      ['GET', '/Users/nope'],
      ['PUT', '/Users/nope'],
      ['PATCH', '/Groups/nope'],
      ['DELETE', '/Groups/nope'],
    ] as const) {
      const body =
        method === 'PUT'
          ? { userName: 'a@b.c' }
          : method === 'PATCH'
            ? patch({ op: 'add', path: 'displayName', value: 'x' })
            : undefined;
      expect((await scim(method, url, body)).status).toBe(404);
    }
    // Nothing half-written: no user, group, membership or activity entry came of it.
    expect(await counts(admin)).toEqual(before);
    expect((await scim('GET', `/Groups/${group.id}`)).body.members).toEqual([]);
    expect((await scim('GET', `/Users/${kim.id}`)).body.userName).toBe('kim@example.org');
  });

  it('R-I1, R-S2: a space-scoped token provisions into its space and sees only it', async () => {
    const { admin, scim: tenantWide } = await tenant();
    const space = (await admin.post('/spaces', { name: 'Lab' })).body;
    const scoped = await admin.post('/api-tokens', {
      name: 'entra-lab',
      role: 'userAdmin',
      spaceId: space.id,
    });
    const lab = scimClient(scoped.body.token);
    const outside = (await tenantWide('POST', '/Users', { userName: 'Out@example.org' })).body;
    const inside = await lab('POST', '/Users', { userName: 'In@example.org' });
    expect(inside.status).toBe(201);
    expect((await admin.get(`/users/${inside.body.id}`)).body.spaceId).toBe(space.id);
    expect((await lab('GET', '/Users')).body.Resources.map((r: any) => r.id)).toEqual([
      inside.body.id,
    ]);
    expect((await lab('GET', `/Users/${outside.id}`)).status).toBe(404);
    expect((await lab('DELETE', `/Users/${outside.id}`)).status).toBe(404);
    const taken = await lab('POST', '/Users', { userName: 'out@EXAMPLE.org' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ scimType: 'uniqueness' });
    expect(taken.body.detail).toContain('another space');
    // Activity names the provider's token.
    const entry = (await admin.get('/activity?limit=50')).body.items.find(
      (a: any) => a.subject?.id === inside.body.id,
    );
    expect(entry.actor.name).toBe('scim:entra-lab');
  });

  it('R-I1: a create refused for its userName or its e-mail says which, the userName first, and writes nothing', async () => {
    const { admin, scim } = await tenant();
    await admin.post('/users', { email: 'pat@example.org', displayName: 'Pat' });
    const sam = await scim('POST', '/Users', {
      userName: 'Sam@contoso.example',
      emails: [{ value: 'sam@example.org', primary: true }],
    });
    expect(sam.status).toBe(201);
    const before = await counts(admin);
    const refused = async (body: unknown) => {
      const answer = await scim('POST', '/Users', body);
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ schemas: [ERROR], scimType: 'uniqueness' });
      return answer.body.detail as string;
    };
    // The e-mail of a hand-made user, as userName (its own e-mail is free).
    expect(
      await refused({
        userName: 'PAT@example.org',
        emails: [{ value: 'pat.other@example.org', primary: true }],
      }),
    ).toBe('userName PAT@example.org is taken');
    // A provisioned user's userName, in another case.
    expect(
      await refused({
        userName: 'sam@CONTOSO.example',
        emails: [{ value: 'sam.other@example.org', primary: true }],
      }),
    ).toBe('userName sam@CONTOSO.example is taken');
    // A free userName with a taken e-mail.
    expect(
      await refused({
        userName: 'sam.two@contoso.example',
        emails: [{ value: 'SAM@example.org', primary: true }],
      }),
    ).toBe('e-mail sam@example.org is taken by another user');
    // Both taken: the userName is named.
    expect(
      await refused({
        userName: 'SAM@contoso.example',
        emails: [{ value: 'sam@example.org', primary: true }],
      }),
    ).toBe('userName SAM@contoso.example is taken');
    expect(await counts(admin)).toEqual(before);
  });

  it('R-I1: a hand-made user is found by its e-mail as userName and adopted, not duplicated', async () => {
    const { admin, scim } = await tenant();
    const lee = (await admin.post('/users', { email: 'lee@example.org', displayName: 'Lee' })).body;
    const found = (await scim('GET', '/Users?filter=userName+eq+%22Lee%40example.org%22')).body;
    expect(found.Resources.map((r: any) => r.id)).toEqual([lee.id]);
    expect((await scim('POST', '/Users', { userName: 'LEE@example.org' })).status).toBe(409);
    const adopted = await scim('PUT', `/Users/${lee.id}`, {
      userName: 'Lee@example.org',
      externalId: 'e-lee',
      displayName: 'Lee Chen',
    });
    expect(adopted.body).toMatchObject({
      userName: 'Lee@example.org',
      externalId: 'e-lee',
      displayName: 'Lee Chen',
    });
    expect((await admin.get(`/users/${lee.id}`)).body.email).toBe('lee@example.org');
  });
});
