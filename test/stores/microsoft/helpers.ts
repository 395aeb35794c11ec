/** Microsoft connectors wired to an emulator, with fast retries. */
import type {
  AccountCredentials,
  MicrosoftEmulator,
} from '../../../src/emulators/microsoft/index.js';
import {
  MicrosoftConnector,
  type MicrosoftConnectorOptions,
} from '../../../src/stores/microsoft/index.js';

export { fakeClock } from '../../emulators/microsoft/helpers.js';

export function connectorFor(
  emulator: MicrosoftEmulator,
  account: AccountCredentials,
  overrides: Partial<MicrosoftConnectorOptions> & { language?: string } = {},
): MicrosoftConnector {
  const { language, ...options } = overrides;
  return new MicrosoftConnector({
    baseUrl: emulator.url,
    authorityUrl: emulator.authorityUrl,
    graphUrl: emulator.graphUrl,
    credentials: {
      tenantDirectoryId: account.tenantDirectoryId,
      clientId: account.clientId,
      clientSecret: account.clientSecret,
      language: language ?? 'en-US',
    },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Record<string, any>> {
  try {
    await fn();
  } catch (error) {
    return error as Record<string, any>;
  }
  throw new Error('expected an error');
}
