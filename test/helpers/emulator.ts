/** An Apple Apps and Books emulator on loopback for a test file, and an app wired to it. */
import {
  startAppleEmulator,
  type AppleEmulator,
  type AppleEmulatorOptions,
} from '../../src/emulators/apple/index.js';
import type { Clock } from '../../src/services/serviceContext.js';
import { createTestApp, type TestApp } from './testApp.js';

export interface AppleWorld {
  apple: AppleEmulator;
  t: TestApp;
  close(): Promise<void>;
}

export async function startAppleWorld(
  options: {
    emulator?: Partial<AppleEmulatorOptions>;
    env?: Record<string, string>;
    /** Allot's clock (the emulator keeps the real time). */
    clock?: Clock;
  } = {},
): Promise<AppleWorld> {
  const apple = await startAppleEmulator({
    port: 0,
    maxRequestsPerSecond: 0,
    eventDelayMs: 5,
    ...options.emulator,
  });
  const t = await createTestApp({
    clock: options.clock,
    env: { ALLOT_APPLE_API_URL: apple.url, ...options.env },
  });
  return {
    apple,
    t,
    async close() {
      await t.close();
      await apple.close();
    },
  };
}
