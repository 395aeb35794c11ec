/** The Microsoft Store for Business emulator: Store API, Azure AD tokens, Graph reads, control API. */
export {
  startMicrosoftEmulator,
  createMicrosoftEmulatorApp,
  type MicrosoftEmulator,
} from './server.js';
export type {
  LoggedMicrosoftRequest,
  MicrosoftEmulatorOptions,
  MicrosoftRequestInfo,
} from './options.js';
export type {
  AccountCredentials,
  BuyInput,
  CreateAccountInput,
  CredentialsAction,
  InventoryView,
  SeatView,
  UserInput,
} from './control.js';
export type { ControlProductInput } from './products-input.js';
export type { DirectoryUser } from './records.js';
export { ENCRYPTED_PACKAGE_FORMATS } from './records.js';
export { GRAPH_RESOURCE, STORE_RESOURCE } from './emulator-state.js';
export { MAX_BULK_USERS, MAX_SEAT_RESULTS, type FailureReason } from './wire-seats.js';
export type { FaultSpec } from '../apple/traffic.js';
