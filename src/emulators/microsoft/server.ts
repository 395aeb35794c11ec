/**
 * Starts the Microsoft Store for Business emulator. Where things are served (see
 * MicrosoftEmulator):
 *   `${origin}/V1/...`                       the Store management API (`url`)
 *   `${origin}/{tenant}/oauth2/token`        Azure AD client credentials (`authorityUrl` = origin)
 *   `${origin}/v1.0/...`                     the Graph reads (`graphUrl`)
 *   `${origin}/_control/...`                 the control API (`controlUrl`)
 */
import type { FastifyInstance } from 'fastify';
import { listenOn, rawBodyApp } from '../emulatorServer.js';
import * as control from './control.js';
import { registerControlRoutes } from './control-routes.js';
import { MicrosoftEmulatorState } from './emulator-state.js';
import { registerGraphRoutes, GRAPH_PREFIX } from './graph-routes.js';
import {
  resolveOptions,
  type LoggedMicrosoftRequest,
  type MicrosoftEmulatorOptions,
} from './options.js';
import type { DirectoryUser } from './records.js';
import { registerTokenRoutes } from './token-routes.js';
import type { FaultSpec } from '../apple/traffic.js';
import { registerWireRoutes, STORE_PREFIX } from './wire-routes.js';

export interface MicrosoftEmulator {
  /** Base URL of the Store API, e.g. `http://127.0.0.1:PORT/V1`. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Where `/{tenant}/oauth2/token` lives (the origin, like https://login.microsoftonline.com). */
  authorityUrl: string;
  /** `${origin}/v1.0`, like https://graph.microsoft.com/v1.0. */
  graphUrl: string;
  /** `${origin}/_control`. */
  controlUrl: string;
  port: number;
  /** Creates a directory with its Store account; returns the management app's credentials. */
  createAccount(input: control.CreateAccountInput): control.AccountCredentials;
  buy(tenant: string, input: control.BuyInput): control.InventoryView;
  refund(tenant: string, productId: string, skuId?: string): control.InventoryView;
  addUsers(tenant: string, users: control.UserInput[]): DirectoryUser[];
  seedSeats(
    tenant: string,
    seats: Array<{ productId: string; skuId?: string; userName: string }>,
  ): { assigned: number };
  credentials(
    tenant: string,
    action: control.CredentialsAction,
  ): { clientSecret?: string; secretExpiresAt?: string };
  listInventory(tenant: string): control.InventoryView[];
  listSeats(tenant: string): control.SeatView[];
  injectFaults(spec: FaultSpec): void;
  clearFaults(): void;
  readonly requestLog: readonly LoggedMicrosoftRequest[];
  readonly stats: {
    readonly requests: number;
    readonly inFlight: number;
    readonly maxInFlight: number;
  };
  resetStats(): void;
  close(): Promise<void>;
}

/** The Fastify app and its state, without listening (for `app.inject()`). */
export function createMicrosoftEmulatorApp(options: MicrosoftEmulatorOptions = {}): {
  app: FastifyInstance;
  state: MicrosoftEmulatorState;
} {
  const state = new MicrosoftEmulatorState(resolveOptions(options));
  const app = rawBodyApp(16 * 1024 * 1024);
  registerWireRoutes(app, state);
  registerGraphRoutes(app, state);
  registerTokenRoutes(app, state);
  registerControlRoutes(app, state);
  return { app, state };
}

export async function startMicrosoftEmulator(
  options: MicrosoftEmulatorOptions = {},
): Promise<MicrosoftEmulator> {
  const { app, state } = createMicrosoftEmulatorApp(options);
  const { origin, port } = await listenOn(app, options);
  return {
    url: `${origin}${STORE_PREFIX}`,
    origin,
    authorityUrl: origin,
    graphUrl: `${origin}${GRAPH_PREFIX}`,
    controlUrl: `${origin}/_control`,
    port,
    createAccount: (input) => control.createAccount(state, input),
    buy: (tenant, input) => control.buy(state, tenant, input),
    refund: (tenant, productId, skuId) => control.refund(state, tenant, productId, skuId),
    addUsers: (tenant, users) => control.addUsers(state, tenant, users),
    seedSeats: (tenant, seats) => control.seedSeats(state, tenant, seats),
    credentials: (tenant, action) => control.credentials(state, tenant, action),
    listInventory: (tenant) => control.listInventory(state, tenant),
    listSeats: (tenant) => control.listSeats(state, tenant),
    injectFaults: (spec) => state.faults.add(spec),
    clearFaults: () => state.faults.clear(),
    requestLog: state.requestLog,
    stats: state.stats,
    resetStats: () => {
      state.stats.requests = 0;
      state.stats.maxInFlight = state.stats.inFlight;
      state.requestLog.length = 0;
    },
    close: () => app.close(),
  };
}
