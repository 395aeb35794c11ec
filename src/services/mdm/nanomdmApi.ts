/**
 * R-I4: NanoMDM's enqueue and push API (reference mdm-bridge.md §3, §6), and what each answer
 * means for a command. A 500 is ambiguous: a push-only failure means the command is stored (push
 * again, never enqueue again); a duplicate CommandUUID means an earlier attempt stored it; a
 * decoding error or an unknown enrolment is a refusal; anything else is tried again with the
 * same bytes.
 */
import http from 'node:http';
import https from 'node:https';
import type { PrivateTargets } from '../access/targets.js';
import { guardedRequestOptions } from '../access/targets.js';
import { VERSION } from '../../version.js';

export interface NanoMdmEndpoint {
  apiUrl: string;
  apiKey: string;
  privateTargets: PrivateTargets;
  timeoutMs: number;
}

export type NanoMdmAnswer =
  /** Stored (and pushed, unless `pushError`). */
  | { kind: 'stored'; pushError: string | null }
  /** NanoMDM will never take it: a 4xx, a command it cannot decode, an unknown enrolment. */
  | { kind: 'refused'; message: string }
  /** Down, overloaded or unreachable: try again later (after `retryAfterMs` when it said). */
  | { kind: 'unavailable'; message: string; retryAfterMs: number | null };

interface HttpAnswer {
  status: number;
  body: string;
  retryAfter: string | undefined;
}

/** How long a connection to NanoMDM may stay idle in the pool: under Node's 5 s server default. */
const IDLE_CONNECTION_MS = 4_000;

/**
 * Connections to NanoMDM are kept alive and reused (a drain sends thousands of commands to one
 * server), with a pool per private-target policy: a connection is checked against the policy
 * once, when it is opened (guardedRequestOptions' lookup), and is reused only under that policy.
 */
const agents = new Map<string, { http: http.Agent; https: https.Agent }>();

function agentFor(policy: PrivateTargets, secure: boolean): http.Agent {
  const key = JSON.stringify([policy.allowAll, policy.hosts]);
  let pair = agents.get(key);
  if (pair === undefined) {
    const options = { keepAlive: true, timeout: IDLE_CONNECTION_MS };
    pair = { http: new http.Agent(options), https: new https.Agent(options) };
    agents.set(key, pair);
  }
  return secure ? pair.https : pair.http;
}

function request(
  endpoint: NanoMdmEndpoint,
  method: 'PUT' | 'GET',
  path: string,
  body: string | null,
): Promise<HttpAnswer> {
  const url = new URL(`${endpoint.apiUrl}${path}`);
  const guard = guardedRequestOptions(url, endpoint.privateTargets, 'apiUrl');
  const secure = url.protocol === 'https:';
  const send = secure ? https.request : http.request;
  const auth = Buffer.from(`nanomdm:${endpoint.apiKey}`).toString('base64');
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method,
        headers: {
          authorization: `Basic ${auth}`,
          'user-agent': `Allot/${VERSION}`,
          ...(body !== null && {
            'content-type': 'application/xml',
            'content-length': String(Buffer.byteLength(body)),
          }),
        },
        agent: agentFor(endpoint.privateTargets, secure),
        signal: AbortSignal.timeout(endpoint.timeoutMs),
        ...guard,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8').slice(0, 64_000),
            retryAfter: response.headers['retry-after'],
          }),
        );
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: Date): number | null {
  if (header === undefined || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

interface ApiBody {
  status?: Record<string, { push_error?: string; command_error?: string } | undefined>;
  push_error?: string;
  command_error?: string;
}

function parseBody(text: string): ApiBody | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : null;
  } catch {
    return null;
  }
}

const DUPLICATE = /already exists|duplicate|unique|primary key/i;
const UNKNOWN_ENROLLMENT =
  /foreign key|unknown enrol?lment|enrol?lment not found|push data missing/i;
const DECODING = /decoding command/i;

/** What an enqueue's answer means for the command (see the file comment). */
export function classifyEnqueue(
  answer: HttpAnswer,
  enrollmentId: string,
  now: Date,
): NanoMdmAnswer {
  const body = parseBody(answer.body);
  const own = body?.status?.[enrollmentId];
  const commandError = own?.command_error ?? body?.command_error ?? null;
  const pushError = own?.push_error ?? body?.push_error ?? null;
  const text = `${answer.status}: ${(commandError ?? pushError ?? answer.body).slice(0, 500)}`;
  if (answer.status === 200) return { kind: 'stored', pushError: null };
  if (answer.status === 401 || answer.status === 403) {
    // The API key is wrong or was changed at NanoMDM: the administrator can fix it.
    return {
      kind: 'unavailable',
      message: `NanoMDM refused the API key (${text})`,
      retryAfterMs: null,
    };
  }
  if (answer.status === 408 || answer.status === 429) {
    return {
      kind: 'unavailable',
      message: text,
      retryAfterMs: retryAfterMs(answer.retryAfter, now),
    };
  }
  if (answer.status >= 400 && answer.status < 500) return { kind: 'refused', message: text };
  if ((answer.status === 500 || answer.status === 207) && body !== null) {
    if (commandError !== null) {
      if (DUPLICATE.test(commandError)) return { kind: 'stored', pushError: null };
      if (DECODING.test(commandError) || UNKNOWN_ENROLLMENT.test(commandError)) {
        return { kind: 'refused', message: text };
      }
    } else if (pushError !== null) {
      if (UNKNOWN_ENROLLMENT.test(pushError)) return { kind: 'refused', message: text };
      return { kind: 'stored', pushError };
    }
  }
  return { kind: 'unavailable', message: text, retryAfterMs: retryAfterMs(answer.retryAfter, now) };
}

function unreachable(error: unknown): NanoMdmAnswer {
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'unavailable', message: `NanoMDM unreachable: ${message}`, retryAfterMs: null };
}

/** PUT /v1/enqueue/{id}: stores the command for the enrolment and pushes it. */
export async function enqueueCommand(
  endpoint: NanoMdmEndpoint,
  enrollmentId: string,
  plist: string,
  now: Date,
): Promise<NanoMdmAnswer> {
  try {
    const answer = await request(endpoint, 'PUT', `/v1/enqueue/${pathId(enrollmentId)}`, plist);
    return classifyEnqueue(answer, enrollmentId, now);
  } catch (error) {
    return unreachable(error);
  }
}

/** GET /v1/push/{id}: wakes the device, so that it fetches what is queued. */
export async function pushEnrollment(
  endpoint: NanoMdmEndpoint,
  enrollmentId: string,
  now: Date,
): Promise<NanoMdmAnswer> {
  try {
    const answer = await request(endpoint, 'GET', `/v1/push/${pathId(enrollmentId)}`, null);
    if (answer.status === 200) return { kind: 'stored', pushError: null };
    const classified = classifyEnqueue(answer, enrollmentId, now);
    // A push that failed leaves the command stored all the same.
    return classified.kind === 'stored'
      ? { kind: 'unavailable', message: classified.pushError ?? 'push failed', retryAfterMs: null }
      : classified;
  } catch (error) {
    return unreachable(error);
  }
}

/**
 * Enrolment ids in a path, joined by commas: a macOS user channel keeps its colon
 * (UDID:UserID).
 */
function pathId(enrollmentIds: string): string {
  return enrollmentIds
    .split(',')
    .map((id) => encodeURIComponent(id).replace(/%3A/gi, ':'))
    .join(',');
}
