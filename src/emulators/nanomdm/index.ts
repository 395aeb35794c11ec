/** The NanoMDM emulator: its enqueue and push API, its webhook sender, devices, a control API. */
export { startNanoMdmEmulator, createNanoMdmEmulatorApp, type NanoMdmEmulator } from './server.js';
export type { AutoAnswerOptions, NanoMdmBackend, NanoMdmEmulatorOptions } from './options.js';
export {
  LICENSE_NOT_FOUND,
  type AnswerInput,
  type ErrorChainItem,
  type ResultStatus,
} from './device.js';
export type { AnswerResult, EnrollResult } from './state.js';
export type { AnswerRule } from './answer-script.js';
export type { DeviceInput, UserChannelInput } from './device-input.js';
export type {
  AppRecord,
  CommandView,
  EnrollmentType,
  EnrollmentView,
  EntryStatus,
  PlistDict,
  StoredCommand,
  WebhookDelivery,
} from './records.js';
export type { NanoMdmFaultKind, NanoMdmFaultSpec } from './traffic.js';
