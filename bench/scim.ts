/**
 * SCIM initial push (issue 14, "Performance"): what Entra ID sends when provisioning starts on
 * a directory of `users` users and `groups` groups of `membersPerGroup` members, with a fixed
 * number of requests in flight, through app.inject() at /scim/v2 with a globalAdmin token
 * (shared/reference/scim-identity-providers.md §3–5):
 *
 * - per user: `GET /Users?filter=userName eq "…"` (Entra matches before it creates; empty),
 *   then `POST /Users` with the core and enterprise schemas, `"active":"True"`, userName,
 *   externalId, name, displayName, a work e-mail (primary) and the enterprise department and
 *   manager (the manager's SCIM id once the manager exists, as Entra exports it);
 * - per group, after the users: `GET /Groups?excludedAttributes=members&filter=displayName eq
 *   "…"` (empty), `POST /Groups` with Entra's extra schema URI, an externalId and no members,
 *   then `PATCH` `{"op":"Add","path":"members","value":[{"$ref":null,"value":…}, …]}` in
 *   batches of `membersPerPatch`, answered 204.
 *
 * Every object's requests run in order; `concurrency` objects run at once, so at most that many
 * requests are in flight. The total time runs from the first request to the last answer; the
 * end checks that every user and membership is there.
 */
import { newId } from '../src/ids.js';
import type { BenchAllot } from './setup.js';
import { summarise, type LatencySummary } from './stats.js';

export interface ScimOptions {
  users: number;
  groups: number;
  membersPerGroup: number;
  /** Members added by one PATCH. */
  membersPerPatch: number;
  /** Requests in flight. */
  concurrency: number;
}

export type ScimRequestKind = 'user filter' | 'user POST' | 'group filter' | 'group POST' | 'PATCH';

export interface ScimBenchResult {
  users: number;
  groups: number;
  memberships: number;
  /** What is in the database at the end. */
  found: { users: number; groups: number; memberships: number };
  usersMs: number;
  groupsMs: number;
  totalMs: number;
  requests: number;
  errors: number;
  firstError: string | null;
  latency: LatencySummary;
  byKind: Array<{ kind: ScimRequestKind; latency: LatencySummary }>;
  /** CPU time of this process (Allot, the client and SQLite), in ms per request. */
  cpuMsPerRequest: number;
}

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTRA_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const DEPARTMENTS = ['R&D', 'Sales', 'Finance', 'Teaching', 'IT', 'Facilities'];
/** One manager for every this many users: the first of each block. */
const TEAM_SIZE = 20;

type Method = 'GET' | 'POST' | 'PATCH';

class ScimPush {
  readonly latencies: number[] = [];
  readonly byKind = new Map<ScimRequestKind, number[]>();
  errors = 0;
  firstError: string | null = null;

  constructor(
    private readonly allot: BenchAllot,
    private readonly token: string,
  ) {}

  /** One request, timed; the body when the status is the expected one, else null (counted). */
  async send(
    kind: ScimRequestKind,
    method: Method,
    url: string,
    expected: number,
    body?: unknown,
  ): Promise<any> {
    const sent = performance.now();
    let status = 0;
    let text = '';
    try {
      const response = await this.allot.app.inject({
        method,
        url: `/scim/v2${url}`,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      status = response.statusCode;
      text = response.body;
    } catch (error) {
      text = error instanceof Error ? error.message : String(error);
    }
    const took = performance.now() - sent;
    this.latencies.push(took);
    const list = this.byKind.get(kind) ?? [];
    list.push(took);
    this.byKind.set(kind, list);
    if (status !== expected) {
      this.errors += 1;
      this.firstError ??= `${method} ${url}: expected ${expected}, got ${status}: ${text.slice(0, 300)}`;
      return null;
    }
    return text === '' ? {} : JSON.parse(text);
  }
}

/** Runs `task(0..count-1)` with `concurrency` at once, in index order. */
async function pool(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

const filterUrl = (resource: 'Users' | 'Groups', attribute: string, value: string) =>
  `/${resource}?${resource === 'Groups' ? 'excludedAttributes=members&' : ''}filter=` +
  encodeURIComponent(`${attribute} eq "${value}"`);

export async function benchScim(allot: BenchAllot, options: ScimOptions): Promise<ScimBenchResult> {
  const tag = newId().slice(-8).toLowerCase();
  const tenant = await allot.newTenant(`bench-scim-${tag}`);
  const push = new ScimPush(allot, tenant.admin.token);
  const userIds: Array<string | undefined> = new Array(options.users);

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await pool(options.users, options.concurrency, async (i) => {
    const given = `Given${i}`;
    const family = `Family${tag}`;
    const userName = `${given}.${family}@contoso.example`;
    const found = await push.send(
      'user filter',
      'GET',
      filterUrl('Users', 'userName', userName),
      200,
    );
    if (found === null) return;
    if (found.totalResults !== 0) {
      push.errors += 1;
      push.firstError ??= `user filter for ${userName}: ${found.totalResults} results, expected 0`;
      return;
    }
    const managerId = i % TEAM_SIZE === 0 ? undefined : userIds[i - (i % TEAM_SIZE)];
    const created = await push.send('user POST', 'POST', '/Users', 201, {
      schemas: [CORE_USER, ENTERPRISE],
      externalId: `${given.toLowerCase()}${tag}`,
      userName,
      active: 'True',
      displayName: `${given} ${family}`,
      emails: [{ primary: true, type: 'work', value: `${given.toLowerCase()}@${tag}.example` }],
      meta: { resourceType: 'User' },
      name: { formatted: `${given} ${family}`, familyName: family, givenName: given },
      roles: [],
      [ENTERPRISE]: {
        department: DEPARTMENTS[i % DEPARTMENTS.length],
        employeeNumber: String(100_000 + i),
        ...(managerId === undefined ? {} : { manager: { value: managerId } }),
      },
    });
    if (created !== null) userIds[i] = created.id as string;
  });
  const usersMs = performance.now() - started;

  // Group g has the users g·m … g·m+m-1 (wrapping), so memberships spread over the directory.
  const members = (g: number) =>
    Array.from(
      { length: options.membersPerGroup },
      (_, k) => userIds[(g * options.membersPerGroup + k) % options.users],
    ).filter((id): id is string => id !== undefined);
  const groupIds: string[] = [];
  await pool(options.groups, options.concurrency, async (g) => {
    const displayName = `Bench ${tag} group ${g}`;
    const found = await push.send(
      'group filter',
      'GET',
      filterUrl('Groups', 'displayName', displayName),
      200,
    );
    if (found === null) return;
    const created = await push.send('group POST', 'POST', '/Groups', 201, {
      schemas: [CORE_GROUP, ENTRA_GROUP],
      externalId: `grp-${tag}-${g}`,
      displayName,
      meta: { resourceType: 'Group' },
    });
    if (created === null) return;
    const id = created.id as string;
    groupIds.push(id);
    const all = members(g);
    for (let k = 0; k < all.length; k += options.membersPerPatch) {
      await push.send('PATCH', 'PATCH', `/Groups/${id}`, 204, {
        schemas: [PATCH_OP],
        Operations: [
          {
            op: 'Add',
            path: 'members',
            value: all
              .slice(k, k + options.membersPerPatch)
              .map((value) => ({ $ref: null, value })),
          },
        ],
      });
    }
  });
  const totalMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);

  const expectedMemberships = Math.min(options.membersPerGroup, options.users) * options.groups;
  const kinds: ScimRequestKind[] = [
    'user filter',
    'user POST',
    'group filter',
    'group POST',
    'PATCH',
  ];
  return {
    users: options.users,
    groups: options.groups,
    memberships: expectedMemberships,
    found: await countProvisioned(allot, tenant.id, groupIds),
    usersMs,
    groupsMs: totalMs - usersMs,
    totalMs,
    requests: push.latencies.length,
    errors: push.errors,
    firstError: push.firstError,
    latency: summarise(push.latencies),
    byKind: kinds
      .filter((kind) => push.byKind.has(kind))
      .map((kind) => ({ kind, latency: summarise(push.byKind.get(kind)!) })),
    cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, push.latencies.length),
  };
}

/** The tenant's users, and the pushed groups and their members, as the database has them. */
async function countProvisioned(
  allot: BenchAllot,
  tenantId: string,
  groupIds: readonly string[],
): Promise<ScimBenchResult['found']> {
  const db = allot.ctx.db.kysely;
  const users = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenantId', '=', tenantId)
    .executeTakeFirstOrThrow();
  let groups = 0;
  let memberships = 0;
  for (let i = 0; i < groupIds.length; i += 500) {
    const batch = groupIds.slice(i, i + 500);
    const g = await db
      .selectFrom('groups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', batch)
      .executeTakeFirstOrThrow();
    const m = await db
      .selectFrom('groupMembers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('groupId', 'in', batch)
      .executeTakeFirstOrThrow();
    groups += Number(g.n);
    memberships += Number(m.n);
  }
  return { users: Number(users.n), groups, memberships };
}
