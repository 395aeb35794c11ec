/** Connectors wired to an emulator, with a fake clock so that waits cost nothing. */
import type { AppleEmulator } from '../../../src/emulators/apple/index.js';
import { AppleConnector, type AppleConnectorOptions } from '../../../src/stores/apple/index.js';

export const MDM = { id: 'allot-test-deployment', version: '0.1.0' };

/** A clock that moves only when someone sleeps; share it with the emulator's `now`. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let time = start;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleeps,
    advance: (ms: number) => {
      time += ms;
    },
    sleep: async (ms: number): Promise<void> => {
      sleeps.push(ms);
      time += ms;
      // Let other tasks run, as a real wait would.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export function connectorFor(
  emulator: AppleEmulator,
  sToken: string,
  overrides: Partial<AppleConnectorOptions> = {},
): AppleConnector {
  return new AppleConnector({
    baseUrl: emulator.url,
    lookupUrl: emulator.lookupUrl,
    sToken,
    mdm: MDM,
    maxRequestsPerSecond: 0,
    eventPolling: { firstPollMs: 2, intervalMs: 5, timeoutMs: 5000 },
    ...overrides,
  });
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await fn();
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected an error');
}
