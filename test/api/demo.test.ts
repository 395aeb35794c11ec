/**
 * `allot demo` as a newcomer finds it, on SQLite in its own data directory whatever
 * DATABASE_URL says; one demo for the file, since it takes seconds to start:
 *
 * - R-I3: a sign-in provider with an administrator and a read-only auditor, whose printed
 *   credentials sign in to the console over real HTTP;
 * - R-I4: a NanoMDM emulator wired in: an MDM connector for it exists, its webhook receives the
 *   emulator's signed events, and every Apple demo device enrolled through it (its enrolment
 *   linked to the device by serial number);
 * - R-X2, R-X5: 90 days of usage history for its pools and the Apple products' prices as their
 *   cost, so the forecasts and the cost report show numbers on first run.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/exhaustion.js';
import { describeDemo } from '../../src/cli/demo.js';
import { makeClient } from '../helpers/testApp.js';
import { signInAtProvider } from '../helpers/oidcProvider.js';
import { useDemo } from '../helpers/demo.js';

const demo = useDemo();
/** The demo's base URL. */
const url = () => demo().server.url!;

function cookie(response: Response, name: string): string | undefined {
  const found = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return found?.split(';')[0];
}

/** Signs in as a browser would and returns the session cookie. */
async function signIn(login: string, password: string): Promise<string> {
  const start = await fetch(`${url()}/auth/login`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const state = cookie(start, 'allot_sso_state')!;
  const back = await signInAtProvider(
    demo().sso!.issuer,
    start.headers.get('location')!,
    login,
    password,
  );
  const done = await fetch(back, { redirect: 'manual', headers: { cookie: state } });
  expect(done.status, await done.clone().text()).toBe(302);
  return cookie(done, 'allot_session')!;
}

describe('allot demo', () => {
  it('R-I3: prints an administrator and an auditor whose passwords sign in with their roles', async () => {
    expect(demo().sso).not.toBeNull();
    const text = describeDemo(demo());
    const { admin, auditor } = demo().sso!.people;
    expect(text).toContain(`${url()}/auth/login`);
    expect(text).toContain(admin!.password);
    expect(text).toContain(auditor!.password);

    for (const [login, person] of Object.entries(demo().sso!.people)) {
      const session = await signIn(login, person.password);
      const me = await fetch(`${url()}/api/v1/me`, { headers: { cookie: session } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { role: string }).role).toBe(person.role);
    }
  });

  it('R-I3: a wrong password does not get past the provider', async () => {
    const start = await fetch(`${url()}/auth/login`, { redirect: 'manual' });
    await expect(
      signInAtProvider(demo().sso!.issuer, start.headers.get('location')!, 'admin', 'wrong'),
    ).rejects.toThrow(/401/);
  });
});

describe('allot demo with NanoMDM', () => {
  it('R-I4: creates a connector for the emulator whose signed events enrolled the Apple devices', async () => {
    const admin = makeClient(demo().server.app!, demo().token);
    const connectors = (await admin.get('/mdm-connectors')).body.items as any[];
    expect(connectors).toMatchObject([
      {
        id: demo().mdmConnectorId,
        kind: 'nanomdm',
        apiUrl: demo().nanomdm.url,
        status: 'receiving',
        signatureRequired: true,
      },
    ]);

    const devices = (await admin.get('/devices?limit=100')).body.items as any[];
    const apple = devices.filter((d) => ['macos', 'ipados', 'ios'].includes(d.platform));
    expect(apple.length).toBeGreaterThan(0);
    const enrolled = demo().nanomdm.enrollments();
    expect(enrolled.map((e) => e.serialNumber).sort()).toEqual(
      apple.map((d) => d.serialNumber).sort(),
    );
    expect(enrolled.every((e) => e.state === 'enrolled')).toBe(true);

    // Every event reached Allot and was accepted (at most once: nothing to retry).
    await demo().nanomdm.idle();
    const posted = demo().nanomdm.deliveries.filter((d) => d.topic !== 'mdm.Connect');
    expect(posted.length).toBe(apple.length * 2);
    expect(posted.every((d) => d.httpStatus === 200)).toBe(true);

    // Allot linked each enrolment to its device through the events.
    const rows = await demo()
      .server.ctx.db.kysely.selectFrom('mdmEnrollments')
      .select(['serialNumber', 'deviceId', 'state'])
      .where('connectorId', '=', demo().mdmConnectorId)
      .execute();
    expect(rows).toHaveLength(apple.length);
    const idOf = new Map(apple.map((d) => [d.serialNumber as string, d.id as string]));
    for (const row of rows) {
      expect(row.state).toBe('enrolled');
      expect(row.deviceId).toBe(idOf.get(row.serialNumber!));
    }
  });

  it('R-I4: prints where the NanoMDM emulator and its control API are', () => {
    const text = describeDemo(demo());
    expect(text).toContain(demo().nanomdm.url);
    expect(text).toContain(demo().nanomdm.controlUrl);
  });
});

describe('allot demo with licence intelligence', () => {
  it('R-X1: every limited pool has 90 days of history before today, rising to today', async () => {
    const admin = makeClient(demo().server.app!, demo().token);
    const history = (await admin.get('/usage/history?step=day')).body;
    // The default range is 30 days back: 31 days, each with a row.
    expect(history.points).toHaveLength(31);
    const first = history.points[0];
    const last = history.points.at(-1);
    expect(last.inUse).toBeGreaterThan(first.inUse);
    const longer = (await admin.get(`/usage/history?from=${addDays(last.at, -90)}`)).body;
    expect(longer.points).toHaveLength(91);
  });

  it('R-X2: the forecast of a pool in use has a fitted slope, and one runs out', async () => {
    const admin = makeClient(demo().server.app!, demo().token);
    const response = await admin.get('/forecasts');
    expect(response.status).toBe(200);
    const items = response.body.items as Array<{
      unlimited: boolean;
      inUse: number;
      slopePerDay: number | null;
      runsOutOn: string | null;
    }>;
    const used = items.filter((f) => !f.unlimited && f.inUse > 1);
    expect(used.length).toBeGreaterThan(0);
    for (const forecast of used) expect(forecast.slopePerDay).toBeGreaterThan(0);
    expect(items.some((f) => f.runsOutOn !== null)).toBe(true);
  });

  it('R-X5: the cost report prices the Apple licences held', async () => {
    const admin = makeClient(demo().server.app!, demo().token);
    const response = await admin.get('/costs?groupBy=app');
    expect(response.status).toBe(200);
    const priced = (
      response.body.items as Array<{ currency: string | null; held: { amount: number | null } }>
    ).filter((l) => l.currency === 'USD');
    expect(priced.length).toBeGreaterThan(0);
    expect(priced.some((l) => (l.held.amount ?? 0) > 0)).toBe(true);
  });
});
