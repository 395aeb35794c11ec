/** What a check-in is asked and answers (API.md "Check-in"). */
import type { InstallState } from '../../domain/types.js';

export interface CheckInInput {
  serialNumber: string;
  /** The managed apps the device reports as installed; absent = not reported this time. */
  installed?: Array<{ bundleId: string; version?: string }>;
}

export interface Command {
  type: 'install' | 'uninstall' | 'update';
  catalogAppId: string;
  storeProductId: string;
  bundleId: string | null;
  licenseType: 'user' | 'device' | null;
}

export interface AppState {
  catalogAppId: string;
  state: InstallState;
  reason: string | null;
}

export interface CheckInResult {
  deviceId: string;
  commands: Command[];
  apps: AppState[];
}

export interface InstallRequestResult {
  state: InstallState;
  reason: string | null;
  command: Command | null;
}
