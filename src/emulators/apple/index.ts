/** The Apple Apps and Books emulator: wire protocol, control API and metadata lookup. */
export { startAppleEmulator, createAppleEmulatorApp, type AppleEmulator } from './server.js';
export {
  APPLE_DEFAULT_LIMITS,
  parseAuthErrorStatus,
  type AppleEmulatorOptions,
  type AppleLimits,
  type WireRequestInfo,
} from './options.js';
export type { BuyInput, CreateLocationInput, SeedInput, TokenAction, UserView } from './control.js';
export type { ControlAssetInput } from './assets-input.js';
export type { FaultSpec } from './traffic.js';
export type { NotificationEnvelope, NotificationLogEntry, NotificationType } from './notifier.js';
export type { AssetRecord, ClientConfigState, MdmInfo } from './location.js';
export type { AssignmentRecord } from './assignment-book.js';
export type { ContentMetadata } from './catalog.js';
