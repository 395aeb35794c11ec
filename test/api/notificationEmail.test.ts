/**
 * Notification e-mail (R-M6 by e-mail): recipients per kind and space, hourly digests through a
 * real SMTP server (smtp-server on a random loopback port), an outage that loses nothing, and
 * the SMTP password kept out of logs, answers and the database (R-S4). Time is the test clock.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { LOG_SERIALIZERS, type AppContext } from '../../src/context.js';
import { buildApp } from '../../src/http/app.js';
import { sendEmailDigests } from '../../src/jobs/emailDigests.js';
import { prepare } from '../../src/server.js';
import {
  raiseNotification,
  type NotificationKind,
} from '../../src/services/monitoring/notifications.js';
import { createEmailRecipient } from '../../src/services/monitoring/emailRecipients.js';
import { composeDigest } from '../../src/services/monitoring/emailDigest.js';
import {
  dropTestSchemas,
  makeClient,
  ManualClock,
  usingPostgres,
  type Client,
} from '../helpers/testApp.js';

const SMTP_USER = 'allot-mailer';
const SMTP_PASSWORD = `pw:${randomBytes(12).toString('hex')}/Ünï@#`;

interface Received {
  from: string;
  to: string[];
  raw: string;
  /** The message with quoted-printable undone, to search. */
  text: string;
}

/** Undoes quoted-printable (soft line breaks and =XX), which is how nodemailer sends our text. */
function unquote(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** An SMTP server on loopback that accepts, refuses (451) or is stopped, as the test says. */
class SmtpSink {
  received: Received[] = [];
  mode: 'accept' | 'refuse' = 'accept';
  authAttempts = 0;
  port = 0;
  private server: SMTPServer | null = null;

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth: (auth, _session, callback) => {
        this.authAttempts += 1;
        if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) {
          callback(null, { user: auth.username });
        } else {
          callback(new Error('Invalid username or password'));
        }
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.mode === 'refuse') {
            const error = new Error('Mailbox busy, try again later') as Error & {
              responseCode: number;
            };
            error.responseCode = 451;
            callback(error);
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            text: unquote(raw),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): Received[] {
    return this.received.filter((m) => m.to.includes(address));
  }
}

const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
const smtp = new SmtpSink();
const logLines: string[] = [];
const responses: string[] = [];
let ctx: AppContext;
let app: FastifyInstance;
let admin: Client;
let dataDir: string;
let schema: string | undefined;

beforeAll(async () => {
  await smtp.start();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-email-'));
  schema = usingPostgres ? `allot_test_${randomBytes(6).toString('hex')}` : undefined;
  const bootstrapToken = `test-bootstrap-${randomBytes(12).toString('hex')}`;
  const config = loadConfig({
    ALLOT_DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    ALLOT_DATABASE_SCHEMA: schema,
    ALLOT_ADMIN_TOKEN: bootstrapToken,
    ALLOT_SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'trace',
    ALLOT_SMTP_URL: `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${smtp.port}`,
    ALLOT_SMTP_FROM: 'Allot <allot@example.org>',
  });
  // Every log line, at the most detailed level, is kept for the R-S4 scan.
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level: 'trace', serializers: LOG_SERIALIZERS }, sink);
  ({ ctx } = await prepare(config, { clock, logger }));
  app = await buildApp(ctx);
  await app.ready();
  admin = recording(makeClient(app, bootstrapToken));
});

afterAll(async () => {
  await app.close();
  await ctx.close();
  if (schema !== undefined) await dropTestSchemas(schema);
  fs.rmSync(dataDir, { recursive: true, force: true });
  await smtp.stop();
});

/** A client whose answers are kept for the R-S4 scan. */
function recording(client: Client): Client {
  const note = <R extends { text: string }>(response: R): R => {
    responses.push(response.text);
    return response;
  };
  return {
    token: client.token,
    get: async (url, headers) => note(await client.get(url, headers)),
    post: async (url, body, headers) => note(await client.post(url, body, headers)),
    put: async (url, body, headers) => note(await client.put(url, body, headers)),
    patch: async (url, body, headers) => note(await client.patch(url, body, headers)),
    delete: async (url, headers) => note(await client.delete(url, headers)),
  };
}

async function newTenant(): Promise<{ id: string; admin: Client }> {
  const created = await admin.post('/tenants', { name: `mail-${randomBytes(4).toString('hex')}` });
  expect(created.status).toBe(201);
  return {
    id: created.body.tenant.id as string,
    admin: recording(makeClient(app, created.body.adminToken as string)),
  };
}

let marks = 0;
/** Raises a notification with a message no other holds; returns that message. */
async function raise(
  tenantId: string,
  kind: NotificationKind,
  spaceId: string | null,
  severity: 'info' | 'warning' | 'alert' = 'warning',
): Promise<string> {
  marks += 1;
  const message = `MARK${String(marks).padStart(4, '0')} ${kind} needs attention`;
  await ctx.db.transaction((trx) =>
    raiseNotification(
      trx,
      tenantId,
      {
        kind,
        severity,
        subject: { type: 'product', id: `product-${marks}`, name: `App ${marks}` },
        spaceId,
        threshold: kind === 'usage' ? 70 : null,
        message,
        remedy: `Remedy for MARK${String(marks).padStart(4, '0')}`,
      },
      clock.now(),
    ),
  );
  return message;
}

/** How many of the messages received so far hold `text` (each shows it as text and as HTML). */
function timesSent(text: string): number {
  return smtp.received.filter((m) => m.text.includes(text)).length;
}

const MINUTE = 60_000;

describe('notification e-mail', () => {
  it('R-M6: recipients chosen per kind and space get one digest an hour holding several notifications; other kinds, spaces and tenants get nothing', async () => {
    const a = await newTenant();
    const s1 = (await a.admin.post('/spaces', { name: 'Paris' })).body.id as string;
    const s2 = (await a.admin.post('/spaces', { name: 'Lyon' })).body.id as string;
    const ops = await a.admin.post('/notification-recipients', {
      email: 'Ops@Example.org',
      kinds: ['usage', 'authError', 'usage'],
    });
    expect(ops.status).toBe(201);
    expect(ops.body).toMatchObject({
      email: 'ops@example.org',
      kinds: ['usage', 'authError'],
      spaceId: null,
      emailConfigured: true,
      pending: 0,
      lastDigestAt: null,
    });
    const paris = await a.admin.post('/notification-recipients', {
      email: 'paris@example.org',
      kinds: ['usage'],
      spaceId: s1,
    });
    expect(paris.status).toBe(201);
    await a.admin.post('/notification-recipients', {
      email: 'lyon@example.org',
      kinds: ['tokenExpiring'],
      spaceId: s2,
    });
    const b = await newTenant();
    await b.admin.post('/notification-recipients', { email: 'other@example.org', kinds: ['*'] });

    const usageParis = await raise(a.id, 'usage', s1, 'alert');
    const authTenant = await raise(a.id, 'authError', null);
    const usageLyon = await raise(a.id, 'usage', s2);
    const refusedParis = await raise(a.id, 'storeRefused', s1);
    expect((await a.admin.get(`/notification-recipients/${ops.body.id}`)).body.pending).toBe(3);

    expect(await sendEmailDigests(ctx)).toEqual({ sent: 2, failed: 0 });
    const [toOps, ...moreOps] = smtp.to('ops@example.org');
    expect(moreOps).toHaveLength(0);
    expect(toOps!.from).toBe('allot@example.org');
    for (const message of [usageParis, authTenant, usageLyon])
      expect(toOps!.text).toContain(message);
    expect(toOps!.text).not.toContain(refusedParis);
    expect(toOps!.text).toMatch(/^Subject: Allot: 3 notifications \(1 alert, 2 warnings\)/m);
    expect(toOps!.text).toContain('Remedy for');
    expect(toOps!.text).toContain('[alert] usage: product App');
    expect(toOps!.raw).toMatch(/Content-Type: text\/plain/);
    expect(toOps!.raw).toMatch(/Content-Type: text\/html/);
    expect(toOps!.text).toContain('2026-06-01T09:00:00.000Z');

    const [toParis, ...moreParis] = smtp.to('paris@example.org');
    expect(moreParis).toHaveLength(0);
    expect(toParis!.text).toContain(usageParis);
    for (const message of [authTenant, usageLyon, refusedParis]) {
      expect(toParis!.text).not.toContain(message);
    }
    expect(smtp.to('lyon@example.org')).toHaveLength(0);
    expect(smtp.to('other@example.org')).toHaveLength(0);

    // Within the hour, more notifications wait for the next digest.
    clock.advance(10 * MINUTE);
    const later = await raise(a.id, 'usage', s1);
    const laterTenant = await raise(a.id, 'authError', null);
    expect(await sendEmailDigests(ctx)).toEqual({ sent: 0, failed: 0 });
    const waiting = (await a.admin.get(`/notification-recipients/${ops.body.id}`)).body;
    expect(waiting).toMatchObject({
      pending: 2,
      lastDigestAt: '2026-06-01T09:00:00.000Z',
      nextDigestAt: '2026-06-01T10:00:00.000Z',
    });
    clock.advance(49 * MINUTE);
    expect(await sendEmailDigests(ctx)).toEqual({ sent: 0, failed: 0 });
    clock.advance(MINUTE);
    expect(await sendEmailDigests(ctx)).toEqual({ sent: 2, failed: 0 });
    const opsDigests = smtp.to('ops@example.org');
    expect(opsDigests).toHaveLength(2);
    expect(opsDigests[1]!.text).toContain(later);
    expect(opsDigests[1]!.text).toContain(laterTenant);
    expect(opsDigests[1]!.text).not.toContain(usageParis);
    expect(smtp.to('paris@example.org')).toHaveLength(2);
    expect(smtp.to('paris@example.org')[1]!.text).toContain(later);

    // Nothing is pending: later runs send nothing.
    clock.advance(2 * 60 * MINUTE);
    expect(await sendEmailDigests(ctx)).toEqual({ sent: 0, failed: 0 });
    for (const message of [usageParis, authTenant, usageLyon, later, laterTenant]) {
      expect(timesSent(message)).toBeGreaterThan(0);
    }
    expect(timesSent(usageParis)).toBe(2); // ops and paris, once each
  });

  it('R-M6: an SMTP outage, then a refusing server, then recovery: every notification is delivered exactly once', async () => {
    const a = await newTenant();
    const oncall = (
      await a.admin.post('/notification-recipients', { email: 'oncall@example.org', kinds: ['*'] })
    ).body.id as string;
    const backup = (
      await a.admin.post('/notification-recipients', {
        email: 'backup@example.org',
        kinds: ['drift'],
      })
    ).body.id as string;
    const drift = await raise(a.id, 'drift', null);
    const raised = [await raise(a.id, 'usage', null), drift, await raise(a.id, 'forecast', null)];
    const state = async (id: string) =>
      (await a.admin.get(`/notification-recipients/${id}`)).body as {
        pending: number;
        lastError: string | null;
        nextDigestAt: string | null;
        lastDigestAt: string | null;
      };

    // Down: the first attempt fails, and the run stops there rather than wait on every recipient.
    await smtp.stop();
    expect(await sendEmailDigests(ctx)).toEqual({ sent: 0, failed: 1 });
    const first = await state(oncall);
    expect(first.pending).toBe(3);
    expect(first.lastError).toMatch(/ECONNREFUSED/);
    expect(first.nextDigestAt).toBe(new Date(clock.now().getTime() + MINUTE).toISOString());
    expect((await state(backup)).lastError).toBeNull();

    raised.push(await raise(a.id, 'tokenExpiring', null));
    clock.advance(MINUTE);
    expect(await sendEmailDigests(ctx)).toEqual({ sent: 0, failed: 1 });

    // Back, but refusing the message (451): each recipient fails on its own, still pending.
    await smtp.start(smtp.port);
    smtp.mode = 'refuse';
    clock.advance(5 * MINUTE);
    expect(await sendEmailDigests(ctx)).toEqual({ sent: 0, failed: 2 });
    // Backing off: nothing is tried before the retry is due.
    expect(await sendEmailDigests(ctx)).toEqual({ sent: 0, failed: 0 });
    for (const id of [oncall, backup]) expect((await state(id)).lastError).toMatch(/451/);
    expect((await state(oncall)).pending).toBe(4);
    expect((await state(backup)).pending).toBe(1);
    expect(smtp.to('oncall@example.org')).toHaveLength(0);

    // Recovered: one digest each holds everything owed; two workers at once still send it once.
    smtp.mode = 'accept';
    clock.advance(60 * MINUTE);
    const runs = await Promise.all([sendEmailDigests(ctx), sendEmailDigests(ctx)]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(2);
    expect(smtp.to('oncall@example.org')).toHaveLength(1);
    expect(smtp.to('backup@example.org')).toHaveLength(1);
    for (const message of raised) {
      expect(timesSent(message), message).toBe(message === drift ? 2 : 1);
    }
    expect(await state(oncall)).toMatchObject({
      pending: 0,
      lastError: null,
      lastDigestAt: clock.now().toISOString(),
    });

    clock.advance(3 * 60 * MINUTE);
    expect(await sendEmailDigests(ctx)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.to('oncall@example.org')).toHaveLength(1);
    const items = await ctx.db.kysely
      .selectFrom('notificationEmailItems')
      .select(['state', 'digestId'])
      .where('recipientId', '=', oncall)
      .execute();
    expect(items).toHaveLength(4);
    expect(new Set(items.map((i) => `${i.state}:${i.digestId}`)).size).toBe(1);
    expect(items[0]!.state).toBe('sent');
  });

  it('R-S2, R-M7: recipients are validated, scoped to their tenant and space, and every change is logged', async () => {
    const a = await newTenant();
    const s1 = (await a.admin.post('/spaces', { name: 'North' })).body.id as string;
    const s2 = (await a.admin.post('/spaces', { name: 'South' })).body.id as string;
    const tenantWide = (
      await a.admin.post('/notification-recipients', { email: 'all@example.org', kinds: ['*'] })
    ).body;
    const scoped = recording(
      makeClient(
        app,
        (await a.admin.post('/api-tokens', { name: 'north', role: 'licenseAdmin', spaceId: s1 }))
          .body.token as string,
      ),
    );

    const bad = (body: object) =>
      scoped.post('/notification-recipients', {
        email: 'n@example.org',
        kinds: ['usage'],
        ...body,
      });
    expect((await bad({ email: 'not an address' })).status).toBe(400);
    expect((await bad({ email: 'a@b' })).body.error.details.field).toBe('email');
    expect((await bad({ kinds: ['birthdays'] })).status).toBe(400);
    expect((await bad({ kinds: [] })).status).toBe(400);
    expect((await bad({ spaceId: null })).status).toBe(403);
    expect((await bad({ spaceId: s2 })).status).toBe(404);

    const own = await bad({});
    expect(own.status).toBe(201);
    expect(own.body.spaceId).toBe(s1);
    const duplicate = await bad({ email: 'N@example.org', kinds: ['drift'] });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('RECIPIENT_EXISTS');
    // The same address may also be a tenant-wide recipient: another scope.
    expect(
      (await a.admin.post('/notification-recipients', { email: 'n@example.org', kinds: ['usage'] }))
        .status,
    ).toBe(201);

    const listed = await scoped.get('/notification-recipients');
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([own.body.id]);
    expect((await scoped.get(`/notification-recipients/${tenantWide.id}`)).status).toBe(404);
    expect((await scoped.delete(`/notification-recipients/${tenantWide.id}`)).status).toBe(404);
    const b = await newTenant();
    expect((await b.admin.get(`/notification-recipients/${own.body.id}`)).status).toBe(404);
    expect((await b.admin.get('/notification-recipients')).body.items).toHaveLength(0);

    const changed = await scoped.patch(`/notification-recipients/${own.body.id}`, {
      kinds: ['usage', 'forecast'],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.kinds).toEqual(['usage', 'forecast']);
    expect((await scoped.delete(`/notification-recipients/${own.body.id}`)).status).toBe(204);
    expect((await scoped.get(`/notification-recipients/${own.body.id}`)).status).toBe(404);
    const readOnly = makeClient(
      app,
      (await a.admin.post('/api-tokens', { name: 'ro', role: 'readOnly' })).body.token as string,
    );
    expect(
      (await readOnly.post('/notification-recipients', { email: 'x@example.org', kinds: ['*'] }))
        .status,
    ).toBe(403);

    // Documented in the OpenAPI document, with examples.
    const docs = (await a.admin.get('/docs/json')).body as {
      paths: Record<string, Record<string, { description?: string }>>;
    };
    expect(Object.keys(docs.paths['/api/v1/notification-recipients/{id}']!).sort()).toEqual([
      'delete',
      'get',
      'patch',
    ]);
    expect(docs.paths['/api/v1/notification-recipients']!.post!.description).toMatch(/per hour/);
    expect(JSON.stringify(docs)).toContain('it-licences@example.org');

    const activity = await a.admin.get('/activity?action=notificationRecipient.');
    expect(activity.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'notificationRecipient.create',
      'notificationRecipient.create',
      'notificationRecipient.create',
      'notificationRecipient.delete',
      'notificationRecipient.update',
    ]);
  });

  it('R-M6: without an SMTP server, recipients are accepted and say so, and what they are owed waits', async () => {
    const a = await newTenant();
    const off = { ...ctx, config: { ...ctx.config, smtp: null } };
    const actor = {
      tenantId: a.id,
      spaceId: null,
      role: 'globalAdmin' as const,
      type: 'token' as const,
      id: null,
      name: 'test',
      isBootstrap: false,
    };
    const recipient = await createEmailRecipient(off, actor, {
      email: 'later@example.org',
      kinds: ['usage'],
    });
    expect(recipient.emailConfigured).toBe(false);
    const message = await raise(a.id, 'usage', null);
    expect(await sendEmailDigests(off)).toEqual({ sent: 0, failed: 0 });
    expect(timesSent(message)).toBe(0);
    // Once the operator sets one, the digest goes.
    clock.advance(MINUTE);
    expect(await sendEmailDigests(ctx)).toEqual({ sent: 1, failed: 0 });
    expect(timesSent(message)).toBe(1);
  });

  it('R-S4: the SMTP password never appears in logs, API answers or the database, even when the server refuses it', async () => {
    const a = await newTenant();
    const wrong = {
      ...ctx,
      config: { ...ctx.config, smtp: { ...ctx.config.smtp!, password: `${SMTP_PASSWORD}-old` } },
    };
    const created = await a.admin.post('/notification-recipients', {
      email: 'secure@example.org',
      kinds: ['authError'],
    });
    await raise(a.id, 'authError', null);
    const before = smtp.authAttempts;
    expect(await sendEmailDigests(wrong)).toEqual({ sent: 0, failed: 1 });
    expect(smtp.authAttempts).toBeGreaterThan(before);
    const state = (await a.admin.get(`/notification-recipients/${created.body.id}`)).body;
    expect(state.lastError).toMatch(/535|auth/i);
    clock.advance(MINUTE);
    expect(await sendEmailDigests(ctx)).toEqual({ sent: 1, failed: 0 });
    await a.admin.get('/notification-recipients');
    await a.admin.get('/activity');

    const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
    const forms = [SMTP_PASSWORD, `${SMTP_PASSWORD}-old`].flatMap((p) => [
      p,
      encodeURIComponent(p),
      b64(p),
      b64(`\u0000${SMTP_USER}\u0000${p}`),
    ]);
    const rows = await ctx.db.kysely
      .selectFrom('notificationEmailRecipients')
      .selectAll()
      .execute();
    const haystacks = {
      logs: logLines.join('\n'),
      answers: responses.join('\n'),
      recipients: JSON.stringify(rows),
      mail: smtp.received.map((m) => m.raw).join('\n'),
    };
    expect(haystacks.logs).toContain('notification e-mail digest not sent');
    for (const [where, text] of Object.entries(haystacks)) {
      for (const form of forms) expect(text.includes(form), `${where} holds ${form}`).toBe(false);
    }

    // A malformed setting is named without repeating the URL, which holds the password.
    const bad = () =>
      loadConfig({
        ALLOT_SMTP_URL: `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASSWORD)}@mail.example.org/x`,
        ALLOT_SMTP_FROM: 'allot@example.org',
      });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (error) {
      expect(String((error as Error).message)).toMatch(/^ALLOT_SMTP_URL: /);
      for (const form of forms) expect((error as Error).message).not.toContain(form);
    }
  });

  it('R-M6: a digest shows each notification as text and as HTML, every value escaped', () => {
    const digest = composeDigest([
      {
        id: 'n1',
        kind: 'usage',
        severity: 'alert',
        subject: { type: 'product', id: 'p1', name: '<script>alert(1)</script>' },
        spaceId: null,
        message: 'Usage at 100 % & rising',
        remedy: null,
        createdAt: '2026-06-01T09:00:00.000Z',
      },
    ]);
    expect(digest.subject).toBe('Allot: 1 notification (1 alert)');
    expect(digest.text).toContain('[alert] usage: product <script>alert(1)</script>');
    expect(digest.text).not.toContain('What to do');
    expect(digest.html).not.toContain('<script>');
    expect(digest.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(digest.html).toContain('Usage at 100 % &amp; rising');
  });

  it('R-S4: ALLOT_SMTP_URL and ALLOT_SMTP_FROM are read with errors naming the setting', () => {
    expect(loadConfig({}).smtp).toBeNull();
    const url = 'smtps://u%40x:p%3Aw@mail.example.org';
    expect(loadConfig({ ALLOT_SMTP_URL: url, ALLOT_SMTP_FROM: 'a@example.org' }).smtp).toEqual({
      host: 'mail.example.org',
      port: 465,
      secure: true,
      requireTls: false,
      user: 'u@x',
      password: 'p:w',
      from: 'a@example.org',
    });
    const relay = loadConfig({
      ALLOT_SMTP_URL: 'smtp://u:p@mail.example.org',
      ALLOT_SMTP_FROM: 'Allot <a@example.org>',
    }).smtp!;
    expect(relay).toMatchObject({ port: 587, secure: false, requireTls: true });
    const fails = (env: Record<string, string>, variable: string) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      try {
        loadConfig(env);
      } catch (error) {
        expect((error as ConfigError).variable).toBe(variable);
      }
    };
    fails(
      { ALLOT_SMTP_URL: 'http://mail.example.org', ALLOT_SMTP_FROM: 'a@b.org' },
      'ALLOT_SMTP_URL',
    );
    fails({ ALLOT_SMTP_URL: 'smtp://mail.example.org' }, 'ALLOT_SMTP_FROM');
    fails(
      { ALLOT_SMTP_URL: 'smtp://mail.example.org', ALLOT_SMTP_FROM: 'nobody' },
      'ALLOT_SMTP_FROM',
    );
    fails({ ALLOT_SMTP_FROM: 'a@example.org' }, 'ALLOT_SMTP_FROM');
  });
});
