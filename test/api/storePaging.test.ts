/**
 * R-T7 (issue 17, item 8): Apple's versionId may change while a paged result is walked, and
 * the client keeps page 0's. A full sync of a 350-page location that changes at every page
 * read walks to the end once, never starts again, keeps what Allot holds, and stores page 0's
 * versionId, so that the next delta brings every change made during the walk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireRequestInfo } from '../../src/emulators/apple/index.js';
import {
  addAppleAccount,
  appState,
  catalogApp,
  device,
  productOf,
  settle,
} from '../helpers/appleFlow.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';
import { wire } from '../emulators/apple/helpers.js';

const PAGE_SIZE = 2;
const PAGES = 350;

let w: AppleWorld;
let onAppleRequest: (request: WireRequestInfo) => void = () => undefined;

beforeAll(async () => {
  w = await startAppleWorld({
    emulator: { pageSize: PAGE_SIZE, onRequest: (r) => onAppleRequest(r) },
  });
});
afterAll(async () => {
  onAppleRequest = () => undefined;
  await w.close();
});

/** Every assignment a delta since `versionId` reports, all pages. */
async function deltaSince(sToken: string, versionId: string): Promise<string[]> {
  const api = wire(w.apple, sToken);
  const serials: string[] = [];
  for (let page = 0; ; page += 1) {
    const { body } = await api.get(`/assignments?sinceVersionId=${versionId}&pageIndex=${page}`);
    const items = body.assignments as Array<{ serialNumber?: string }>;
    serials.push(...items.map((a) => a.serialNumber ?? ''));
    if (body.nextPageIndex === undefined) return serials;
  }
}

describe('R-T7: paging a location that changes during the walk', () => {
  it("R-T7: a full sync walks 350 changing pages to the end with page 0's versionId", async () => {
    const adamId = '175001';
    const { admin } = await w.t.newTenant();
    const { account, locationId, sToken } = await addAppleAccount(w, admin, {
      assets: [{ adamId, name: 'Atlas', bundleId: 'com.example.atlas', totalCount: 5000 }],
    });
    // Allot's own licence, confirmed by the store.
    const app = await catalogApp(admin, adamId, {
      target: { type: 'allDevices' },
      intent: 'required',
    });
    const { device: ipad } = await device(admin);
    const first = await admin.post('/check-in', { serialNumber: ipad.serialNumber });
    expect(appState(first.body, app.id).state).toBe('pending');
    await settle(w.t);
    // 699 licences another product gave: with Allot's, 350 pages of 2.
    w.apple.seed(locationId, {
      assignments: Array.from({ length: PAGES * PAGE_SIZE - 1 }, (_, i) => ({
        adamId,
        serialNumber: `OTHER-${i}`,
      })),
    });

    // Every page read after page 0 changes the location: mostly a licence given elsewhere,
    // sometimes a user (which must not move the assignments' version).
    const late: string[] = [];
    let reads = 0;
    onAppleRequest = (request) => {
      if (request.path !== '/assignments' || request.query.sinceVersionId !== undefined) return;
      if ((request.query.pageIndex ?? '0') === '0') return;
      reads += 1;
      if (reads % 5 === 0) {
        w.apple.seed(locationId, { users: [{ clientUserId: `walker-${reads}` }] });
      } else {
        late.push(`LATE-${reads}`);
        w.apple.seed(locationId, { assignments: [{ adamId, serialNumber: `LATE-${reads}` }] });
      }
    };
    const mark = w.apple.requestLog.length;
    let job;
    try {
      job = await admin.post(`/accounts/${account.id}/sync`, { full: true });
      expect(job.status, job.text).toBe(202);
      await settle(w.t);
    } finally {
      onAppleRequest = () => undefined;
    }

    const done = (await admin.get(`/jobs/${job.body.jobId}`)).body;
    expect(done).toMatchObject({
      state: 'succeeded',
      result: expect.objectContaining({ full: true }),
    });
    // One walk: page 0 read once, then every page to the end, the ones added meanwhile too.
    const walk = w.apple.requestLog
      .slice(mark)
      .filter((r) => r.path === '/assignments' && r.query.sinceVersionId === undefined);
    expect(walk.filter((r) => (r.query.pageIndex ?? '0') === '0')).toHaveLength(1);
    expect(walk.every((r) => r.status === 200)).toBe(true);
    expect(walk.length).toBeGreaterThan(PAGES);
    expect(reads).toBeGreaterThanOrEqual(PAGES - 1);

    // Nothing Allot holds was taken for gone; every licence of another product is counted.
    const licenses = (await admin.get(`/licenses?subjectId=${ipad.id}`)).body.items;
    expect(licenses).toEqual([
      expect.objectContaining({ state: 'active', storeState: 'confirmed' }),
    ]);
    const pool = (await productOf(admin, adamId)).pools[0];
    expect(pool.untracked).toBeGreaterThanOrEqual(PAGES * PAGE_SIZE - 1);
    expect(pool.untracked).toBeLessThanOrEqual(PAGES * PAGE_SIZE - 1 + late.length);

    // The version kept is page 0's: the delta from it brings every licence given during the walk.
    const stored = await w.t.ctx.db.kysely
      .selectFrom('accounts')
      .select('assignmentsVersionId')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(stored.assignmentsVersionId).toEqual(expect.any(String));
    const delta = await deltaSince(sToken, stored.assignmentsVersionId!);
    expect(delta.sort()).toEqual([...late].sort());
  });

  it('R-T7: a full sync whose walk missed records that moved (removals during it) releases nothing it did not see', async () => {
    const adamId = '175002';
    const { admin } = await w.t.newTenant();
    const { account, locationId } = await addAppleAccount(w, admin, {
      assets: [{ adamId, name: 'Compass', bundleId: 'com.example.compass', totalCount: 500 }],
    });
    // First in the listing: 10 users' licences, then 20 devices' of another product.
    const leaving = Array.from({ length: 10 }, (_, i) => `leaving-${i}`);
    w.apple.seed(locationId, {
      assignments: [
        ...leaving.map((clientUserId) => ({ adamId, clientUserId })),
        ...Array.from({ length: 20 }, (_, i) => ({ adamId, serialNumber: `ELSEWHERE-${i}` })),
      ],
    });
    // Last: Allot's own licence, confirmed by the store (31 records, 16 pages of 2).
    const app = await catalogApp(admin, adamId, {
      target: { type: 'allDevices' },
      intent: 'required',
    });
    const { device: ipad } = await device(admin);
    const first = await admin.post('/check-in', { serialNumber: ipad.serialNumber });
    expect(appState(first.body, app.id).state).toBe('pending');
    await settle(w.t);
    const confirmed = (await admin.get(`/licenses?subjectId=${ipad.id}`)).body.items;
    expect(confirmed).toEqual([expect.objectContaining({ storeState: 'confirmed' })]);

    // Just before the walk reaches the last page, the 10 users are retired at the store: every
    // record after them moves 5 pages back, Allot's onto a page already read.
    let retired = false;
    onAppleRequest = (request) => {
      if (request.path !== '/assignments' || request.query.sinceVersionId !== undefined) return;
      if (retired || Number(request.query.pageIndex ?? '0') < 15) return;
      retired = true;
      for (const clientUserId of leaving) w.apple.retireUser(locationId, clientUserId);
    };
    let job;
    try {
      job = await admin.post(`/accounts/${account.id}/sync`, { full: true });
      expect(job.status, job.text).toBe(202);
      await settle(w.t);
    } finally {
      onAppleRequest = () => undefined;
    }
    expect(retired).toBe(true);
    expect((await admin.get(`/jobs/${job.body.jobId}`)).body.state).toBe('succeeded');

    // The walk did not see Allot's licence, but it cannot prove it gone: it stays.
    const after = (await admin.get(`/licenses?subjectId=${ipad.id}`)).body.items;
    expect(after).toEqual([expect.objectContaining({ state: 'active', storeState: 'confirmed' })]);
    expect(w.apple.listAssignments(locationId).map((a) => a.serialNumber)).toContain(
      ipad.serialNumber,
    );
  });
});
