/**
 * Starts the Apple Apps and Books emulator. Where things are served (see AppleEmulator):
 *   `${origin}/mdm/v2/...`  the wire protocol (`url`; what ALLOT_APPLE_API_URL points at)
 *   `${origin}/mdm/registerVPPUserSrv` the one legacy v1 call still in use (`v1RegisterUserUrl`)
 *   `${origin}/_control/...` the control API (`controlUrl`)
 *   `${origin}/lookup?id=`   product metadata in the iTunes lookup shape (`lookupUrl`)
 *   `${origin}/WebObjects/MZStorePlatform.woa/wa/lookup` the contentMetadataLookup of
 *                           /service/config, keyed by adamId (`contentMetadataUrl`)
 * Any other path answers 404 with Apple's error body.
 */
import type { FastifyInstance } from 'fastify';
import { listenOn, rawBodyApp } from '../emulatorServer.js';
import type { AssignmentRecord } from './assignment-book.js';
import * as control from './control.js';
import { registerControlRoutes } from './control-routes.js';
import { EmulatorState, type LoggedRequest } from './emulator-state.js';
import type { AssetRecord, ClientConfigState } from './location.js';
import type { NotificationLogEntry } from './notifier.js';
import { resolveOptions, type AppleEmulatorOptions } from './options.js';
import type { FaultSpec } from './traffic.js';
import { CONTENT_METADATA_PATH } from './catalog.js';
import { registerV1Routes, V1_REGISTER_USER_PATH } from './v1-routes.js';
import { registerWireRoutes, UNKNOWN_ENDPOINT, WIRE_PREFIX } from './wire-routes.js';

export interface AppleEmulator {
  /** Base URL of the wire protocol, e.g. `http://127.0.0.1:PORT/mdm/v2`. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Base URL of the control API, `${origin}/_control`. */
  controlUrl: string;
  /** The metadata lookup in the iTunes shape, `${origin}/lookup`. */
  lookupUrl: string;
  /** The contentMetadataLookup URL that /service/config advertises (results keyed by adamId). */
  contentMetadataUrl: string;
  /** The legacy v1 user registration, `${origin}/mdm/registerVPPUserSrv`. */
  v1RegisterUserUrl: string;
  port: number;
  createLocation(input: control.CreateLocationInput): { locationId: string; sToken: string };
  /** Buy (positive `totalCount`) or refund (negative) licences; sends ASSET_COUNT. */
  buy(locationId: string, input: control.BuyInput): AssetRecord;
  acceptInvitation(
    locationId: string,
    clientUserId: string,
    appleAccount?: string,
  ): control.UserView;
  /** Retires a user at the store behind the MDM's back (it becomes unknown: 9609). */
  retireUser(locationId: string, clientUserId: string): control.UserView;
  setTokenState(
    locationId: string,
    change: { action: control.TokenAction; mdmName?: string },
  ): { sToken?: string };
  injectFaults(spec: FaultSpec): void;
  clearFaults(): void;
  /** Adds users and licences directly (benchmarks: 100,000 assignments in one call). */
  seed(locationId: string, input: control.SeedInput): { users: number; assignments: number };
  listAssignments(locationId: string): AssignmentRecord[];
  listUsers(locationId: string): control.UserView[];
  listAssets(locationId: string): AssetRecord[];
  clientConfig(locationId: string): ClientConfigState;
  /** Notifications sent so far, newest last (with attempts and delivery). */
  readonly notifications: readonly NotificationLogEntry[];
  readonly requestLog: readonly LoggedRequest[];
  readonly stats: {
    readonly requests: number;
    readonly inFlight: number;
    readonly maxInFlight: number;
  };
  resetStats(): void;
  close(): Promise<void>;
}

/** The Fastify app and its state, without listening (for `app.inject()`). */
export function createAppleEmulatorApp(options: AppleEmulatorOptions = {}): {
  app: FastifyInstance;
  state: EmulatorState;
} {
  const state = new EmulatorState(resolveOptions(options));
  // 64 MB: seeding 100,000 assignments through /_control/seed is a few MB of JSON.
  const app = rawBodyApp(64 * 1024 * 1024);
  registerWireRoutes(app, state);
  registerV1Routes(app, state);
  registerControlRoutes(app, state);
  // Apple's error body, not Fastify's, wherever the emulator serves nothing.
  app.setNotFoundHandler(async (_request, reply) =>
    reply.code(404).type('application/json').send(UNKNOWN_ENDPOINT),
  );
  app.addHook('onClose', async () => state.close());
  return { app, state };
}

export async function startAppleEmulator(
  options: AppleEmulatorOptions = {},
): Promise<AppleEmulator> {
  const { app, state } = createAppleEmulatorApp(options);
  const { origin, port } = await listenOn(app, options);
  return {
    url: `${origin}${WIRE_PREFIX}`,
    origin,
    controlUrl: `${origin}/_control`,
    lookupUrl: `${origin}/lookup`,
    contentMetadataUrl: `${origin}${CONTENT_METADATA_PATH}`,
    v1RegisterUserUrl: `${origin}${V1_REGISTER_USER_PATH}`,
    port,
    createLocation: (input) => control.createLocation(state, input),
    buy: (locationId, input) => control.buy(state, locationId, input),
    acceptInvitation: (locationId, clientUserId, appleAccount) =>
      control.acceptInvitation(state, locationId, clientUserId, appleAccount),
    retireUser: (locationId, clientUserId) => control.retireUser(state, locationId, clientUserId),
    setTokenState: (locationId, change) =>
      control.tokenAction(state, locationId, change.action, change.mdmName),
    injectFaults: (spec) => state.faults.add(spec),
    clearFaults: () => state.faults.clear(),
    seed: (locationId, input) => control.seed(state, locationId, input),
    listAssignments: (locationId) => control.listAssignments(state, locationId),
    listUsers: (locationId) => control.listUsers(state, locationId),
    listAssets: (locationId) => control.listAssets(state, locationId),
    clientConfig: (locationId) => ({ ...control.requireLocation(state, locationId).clientConfig }),
    notifications: state.notifier.log,
    requestLog: state.requestLog,
    stats: state.stats,
    resetStats: () => {
      state.stats.requests = 0;
      state.stats.maxInFlight = state.stats.inFlight;
      state.requestLog.length = 0;
    },
    close: async () => {
      state.close();
      await app.close();
    },
  };
}
