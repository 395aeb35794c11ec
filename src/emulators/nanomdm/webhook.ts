/**
 * NanoMDM's webhook sender (reference §1, §7): one JSON event per device request, POSTed with
 * `Content-Type: application/json; charset=utf-8`, signed with `X-Hmac-Signature` (base64 of
 * HMAC-SHA256 over the raw body) when a key is set. Anything but HTTP 200 is a failure that is
 * only logged: no retry, no queue.
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { build } from 'plist';
import type { Enrollment, PlistDict, WebhookDelivery } from './records.js';

const LOG_SIZE = 1000;

export type CheckinTopic = 'mdm.Authenticate' | 'mdm.TokenUpdate' | 'mdm.CheckOut';

/** base64 of the device's XML plist, as `raw_payload` carries it. */
export function rawPayload(dict: PlistDict): string {
  return Buffer.from(build(dict)).toString('base64');
}

/** The ids NanoMDM puts on an event: UDID or EnrollmentID, and `ids`. */
function identity(enrollment: Enrollment): Record<string, unknown> {
  const { device } = enrollment;
  return {
    ...(device.udid !== null && { udid: device.udid }),
    ...(device.udid === null &&
      device.userEnrollmentId !== null && { enrollment_id: device.userEnrollmentId }),
    ids: {
      id: enrollment.id,
      type: enrollment.type,
      ...(enrollment.parentId !== null && { parent_id: enrollment.parentId }),
    },
    ...(device.urlParams !== null && { url_params: device.urlParams }),
  };
}

/** An event id as NanoMDM's trace ids look: 16 hex digits, random. */
function eventId(): string {
  return randomBytes(8).toString('hex');
}

export function checkinEvent(
  topic: CheckinTopic,
  enrollment: Enrollment,
  payload: PlistDict,
  createdAt: Date,
): Record<string, unknown> {
  return {
    checkin_event: {
      ...identity(enrollment),
      raw_payload: rawPayload(payload),
      ...(topic === 'mdm.TokenUpdate' && { token_update_tally: enrollment.tokenUpdateTally }),
    },
    created_at: createdAt.toISOString(),
    event_id: eventId(),
    topic,
  };
}

export function acknowledgeEvent(
  enrollment: Enrollment,
  status: string,
  commandUuid: string | null,
  payload: PlistDict,
  createdAt: Date,
): Record<string, unknown> {
  return {
    acknowledge_event: {
      ...identity(enrollment),
      raw_payload: rawPayload(payload),
      status,
      ...(commandUuid !== null && { command_uuid: commandUuid }),
    },
    created_at: createdAt.toISOString(),
    event_id: eventId(),
    topic: 'mdm.Connect',
  };
}

/**
 * Posts events to the one webhook URL, keeping a log of every attempt. Connections are kept
 * alive and reused, as Go's default client does; a posted event has no timeout.
 */
export class WebhookSender {
  url: string | null;
  secret: string | null;
  readonly log: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly requests = new Set<http.ClientRequest>();
  private readonly agents = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };
  private closed = false;

  constructor(url: string | null, secret: string | null) {
    this.url = url;
    this.secret = secret;
  }

  /** Sends one event; resolves with what happened (never rejects: a failure is logged). */
  async send(
    event: Record<string, unknown>,
    meta: { enrollmentId: string; commandUuid: string | null; status: string | null },
  ): Promise<WebhookDelivery | null> {
    if (this.url === null) return null;
    const body = JSON.stringify(event);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (this.secret !== null) {
      headers['x-hmac-signature'] = createHmac('sha256', this.secret).update(body).digest('base64');
    }
    const delivery: WebhookDelivery = {
      topic: String(event.topic),
      ...meta,
      at: String(event.created_at),
      httpStatus: null,
      ok: false,
      error: null,
      body,
    };
    const attempt = this.post(this.url, headers, body, delivery);
    this.inFlight.add(attempt);
    try {
      await attempt;
    } finally {
      this.inFlight.delete(attempt);
    }
    this.log.push(delivery);
    if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);
    return delivery;
  }

  private async post(
    url: string,
    headers: Record<string, string>,
    body: string,
    delivery: WebhookDelivery,
  ): Promise<void> {
    try {
      delivery.httpStatus = await this.request(url, headers, body);
      delivery.ok = delivery.httpStatus === 200;
      if (!delivery.ok) delivery.error = `HTTP ${delivery.httpStatus}`;
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** One POST; resolves with the status once the answer has been read. */
  private request(url: string, headers: Record<string, string>, body: string): Promise<number> {
    if (this.closed) return Promise.reject(new Error('The emulator is closed'));
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') {
      return Promise.reject(new Error(`Unsupported webhook URL scheme ${target.protocol}`));
    }
    const payload = Buffer.from(body);
    return new Promise((resolve, reject) => {
      // Like Go's default client: no timeout; only closing the emulator abandons a request.
      const req = (secure ? https : http).request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(payload.length) },
          agent: secure ? this.agents.https : this.agents.http,
        },
        (response) => {
          response.on('data', () => undefined);
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      this.requests.add(req);
      req.on('close', () => this.requests.delete(req));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Resolves when every event being posted has been answered (or failed). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
    for (const req of this.requests) req.destroy(new Error('The emulator closed'));
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
