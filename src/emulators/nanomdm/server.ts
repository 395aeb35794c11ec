/**
 * Starts the NanoMDM emulator. Where things are served (see NanoMdmEmulator):
 *   `${origin}/v1/enqueue/{ids}`, `${origin}/v1/push/{ids}`  NanoMDM's API (Basic nanomdm:<key>);
 *                            `url` is the origin: what an MDM connector's apiUrl points at
 *   `${origin}/_control/...` the control API (`controlUrl`)
 * Anything else answers Go's `404 page not found` (after authentication under the API prefix).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { listenOn, rawBodyApp } from '../emulatorServer.js';
import { registerApiRoutes } from './api-routes.js';
import { registerControlRoutes } from './control-routes.js';
import type { AnswerInput } from './device.js';
import { resolveOptions, type AutoAnswerOptions, type NanoMdmEmulatorOptions } from './options.js';
import type { CommandView, EnrollmentView, StoredCommand, WebhookDelivery } from './records.js';
import type { AnswerRule } from './answer-script.js';
import type { DeviceInput, UserChannelInput } from './device-input.js';
import { NanoMdmState, type AnswerResult, type EnrollResult } from './state.js';
import type { NanoMdmFaultSpec } from './traffic.js';

export interface NanoMdmEmulator {
  /** The origin, e.g. `http://127.0.0.1:PORT`: an MDM connector's `apiUrl`. */
  url: string;
  /** Same as `url`. */
  origin: string;
  /** Base URL of the control API, `${origin}/_control`. */
  controlUrl: string;
  port: number;
  /** The API key (Basic password; user `nanomdm`). */
  apiKey: string;
  /** The APNs topic every emulated device enrols with. */
  topic: string;
  /** Enrols a device: Authenticate then TokenUpdate to the webhook; its queue is emptied. */
  enroll(device?: DeviceInput): Promise<EnrollResult>;
  /** Enrols a user channel (`UDID:UserID`) of an enrolled device: its TokenUpdate. */
  enrollUser(enrollmentId: string, user: UserChannelInput): Promise<EnrollResult>;
  /** A token refresh: TokenUpdate with `token_update_tally` + 1. */
  tokenUpdate(enrollmentId: string): Promise<WebhookDelivery | null>;
  /** The profile is removed: CheckOut to the webhook; the device stops connecting. */
  checkOut(enrollmentId: string): Promise<WebhookDelivery | null>;
  /** Every enrollment with its state, queue length and apps. */
  enrollments(): EnrollmentView[];
  /** Commands queued and answered, of one enrollment or all, in enqueue order. */
  commands(enrollmentId?: string): CommandView[];
  /** The command the device would fetch now, if any. */
  nextCommand(enrollmentId: string): StoredCommand | undefined;
  /**
   * The device answers one command (default: the next; default status Acknowledged) and the
   * result is posted to the webhook; resolves once the POST is answered.
   */
  answer(enrollmentId: string, answer?: AnswerInput): Promise<AnswerResult>;
  /**
   * One device session: Idle, then every command it fetches answered with `answer` (or a
   * function of the command), else by scripted answers, else Acknowledged.
   */
  session(
    enrollmentId: string,
    answer?: AnswerInput | ((command: StoredCommand) => AnswerInput),
  ): Promise<AnswerResult[]>;
  /** Scripted answers for the next matching commands devices fetch by themselves. */
  scriptAnswers(rule: AnswerRule): void;
  clearScriptedAnswers(): void;
  /** Devices answer by themselves after each push (`false` turns it off). */
  setAutoAnswer(options: boolean | AutoAnswerOptions): void;
  /** How long an acknowledged InstallApplication stays `Installing` (0: `Managed` at once). */
  setInstallDelay(ms: number): void;
  /** Queues faults of the enqueue and push API (FaultSpec-style: the next `count` calls). */
  setFaults(...faults: NanoMdmFaultSpec[]): void;
  clearFaults(): void;
  /** The whole API down: every API connection is reset (the control API still answers). */
  setApiDown(down: boolean): void;
  /** Where events go (`null`: nowhere), and the HMAC key that signs them (`null`: unsigned). */
  setWebhook(url: string | null, secret?: string | null): void;
  /** What `InstallApplication` by iTunesStoreID installs (adamId → bundle id). */
  setBundleIds(bundleIds: Record<string, string>): void;
  /** Every event posted so far (newest last), with Allot's answer. */
  readonly deliveries: readonly WebhookDelivery[];
  readonly stats: {
    readonly apiRequests: number;
    readonly enqueued: number;
    readonly pushes: number;
    readonly answered: number;
  };
  /** Resolves once no automatic device session is pending and every event is posted. */
  idle(): Promise<void>;
  /** Forgets enrollments, commands, faults, scripted answers and deliveries. */
  reset(): void;
  close(): Promise<void>;
}

/** The Fastify app and its state, without listening (for `app.inject()`). */
export function createNanoMdmEmulatorApp(options: NanoMdmEmulatorOptions = {}): {
  app: FastifyInstance;
  state: NanoMdmState;
} {
  const state = new NanoMdmState(resolveOptions(options, randomBytes(24).toString('base64url')));
  const app = rawBodyApp(16 * 1024 * 1024);
  registerApiRoutes(app, state);
  registerControlRoutes(app, state);
  // Go's ServeMux answer wherever the emulator serves nothing.
  app.setNotFoundHandler(async (_request, reply) =>
    reply.code(404).type('text/plain; charset=utf-8').send('404 page not found\n'),
  );
  app.addHook('onClose', async () => state.close());
  return { app, state };
}

/** Starts the NanoMDM emulator on loopback (port 0: a free one). */
export async function startNanoMdmEmulator(
  options: NanoMdmEmulatorOptions = {},
): Promise<NanoMdmEmulator> {
  const { app, state } = createNanoMdmEmulatorApp(options);
  const { origin, port } = await listenOn(app, options);
  return {
    url: origin,
    origin,
    controlUrl: `${origin}/_control`,
    port,
    apiKey: state.options.apiKey,
    topic: state.topic,
    enroll: (device) => state.enroll(device),
    enrollUser: (enrollmentId, user) => state.enrollUser(enrollmentId, user),
    tokenUpdate: (enrollmentId) => state.tokenUpdate(enrollmentId),
    checkOut: (enrollmentId) => state.checkOut(enrollmentId),
    enrollments: () => state.listEnrollments(),
    commands: (enrollmentId) => state.commandViews(enrollmentId),
    nextCommand: (enrollmentId) => state.nextCommand(enrollmentId),
    answer: (enrollmentId, answer) => state.answer(enrollmentId, answer),
    session: (enrollmentId, answer) =>
      state.session(
        enrollmentId,
        answer === undefined ? undefined : typeof answer === 'function' ? answer : () => answer,
      ),
    scriptAnswers: (rule) => state.script.add(rule),
    clearScriptedAnswers: () => state.script.clear(),
    setAutoAnswer: (value) => state.setAutoAnswer(value),
    setInstallDelay: (ms) => {
      state.installDelayMs = Math.max(0, ms);
    },
    setFaults: (...faults) => {
      for (const fault of faults) state.faults.add(fault);
    },
    clearFaults: () => state.faults.clear(),
    setApiDown: (down) => {
      state.apiDown = down;
    },
    setWebhook: (url, secret = null) => {
      state.webhook.url = url;
      state.webhook.secret = secret;
    },
    setBundleIds: (bundleIds) => {
      for (const [adamId, bundleId] of Object.entries(bundleIds)) {
        state.options.bundleIds.set(adamId, bundleId);
      }
    },
    deliveries: state.webhook.log,
    stats: state.stats,
    idle: () => state.idle(),
    reset: () => state.reset(),
    close: async () => {
      state.close();
      await app.close();
    },
  };
}
