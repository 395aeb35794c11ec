/**
 * GET and POST /client/config (reference §3.2): the MDM's identity (mdmInfo) and where
 * notifications go. A POST with a notification URL is accepted only if a TEST_NOTIFICATION
 * reaches it (9728).
 */
import type { EmulatorState } from './emulator-state.js';
import { formatAppleDate } from '../../domain/stoken.js';
import type { ClientConfigState, Location, MdmInfo } from './location.js';
import { envelope } from './notifier.js';
import { NOTIFICATION_TYPES } from './wire-reads.js';
import { AppleWireError } from './wire-errors.js';

// Apple wants HTTPS; plain HTTP is accepted on loopback so tests need no certificate.
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function clientConfigBody(location: Location): object {
  const config = location.clientConfig;
  return {
    countryISO2ACode: location.countryCode,
    defaultPlatform: 'volumestore',
    locationName: location.locationName,
    ...(config.notificationUrl !== undefined && { notificationUrl: config.notificationUrl }),
    ...(config.notificationAuthToken !== undefined && {
      notificationAuthToken: config.notificationAuthToken,
    }),
    subscribedNotificationTypes: config.notificationTypes,
    tokenExpirationDate: formatAppleDate(new Date(location.expiresAt)),
    uId: location.uId,
    websiteURL: location.websiteUrl,
  };
}

function checkMdmInfo(raw: unknown, state: EmulatorState): MdmInfo {
  const { limits } = state.options;
  const m = raw as Partial<Record<keyof MdmInfo, unknown>> | null;
  if (
    typeof m !== 'object' ||
    m === null ||
    typeof m.id !== 'string' ||
    typeof m.name !== 'string' ||
    typeof m.metadata !== 'string' ||
    !m.id ||
    !m.name
  ) {
    throw new AppleWireError(9723);
  }
  if (m.id.length > limits.maxMdmIdLength) throw new AppleWireError(9724);
  if (m.name.length > limits.maxMdmNameLength) throw new AppleWireError(9725);
  if (m.metadata.length > limits.maxMdmMetadataLength) throw new AppleWireError(9713);
  return { id: m.id, name: m.name, metadata: m.metadata };
}

function checkNotificationUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppleWireError(9712);
  }
  const secure = url.protocol === 'https:';
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  // "Only a host and a path": no credentials, query or fragment.
  if ((!secure && !loopbackHttp) || url.username || url.password || url.search || url.hash) {
    throw new AppleWireError(9712);
  }
}

export async function updateClientConfig(
  state: EmulatorState,
  location: Location,
  raw: unknown,
): Promise<object> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AppleWireError(9602, {
      message: 'Invalid argument: the body must be a JSON object.',
    });
  }
  const body = raw as Record<string, unknown>;
  const next: ClientConfigState = { ...location.clientConfig };
  if (body.mdmInfo !== undefined) next.mdmInfo = checkMdmInfo(body.mdmInfo, state);

  const { notificationUrl: url, notificationAuthToken: secret } = body;
  if ((url === undefined) !== (secret === undefined)) throw new AppleWireError(9710);
  if (url !== undefined) {
    if (typeof url !== 'string' || typeof secret !== 'string') throw new AppleWireError(9712);
    const max = state.options.limits.maxNotificationLength;
    if (url.length > max || secret.length > max) throw new AppleWireError(9711);
    checkNotificationUrl(url);
    next.notificationUrl = url;
    next.notificationAuthToken = secret;
  }

  if (body.notificationTypes !== undefined) {
    const types = body.notificationTypes;
    if (!Array.isArray(types) || !types.every((t) => NOTIFICATION_TYPES.includes(t as string))) {
      throw new AppleWireError(9602, {
        message: `Invalid argument: notificationTypes must be among ${NOTIFICATION_TYPES.join(', ')}.`,
      });
    }
    // The list sent is the complete new set, not an addition.
    next.notificationTypes = [...new Set(types as string[])];
  }

  if (typeof url === 'string' && typeof secret === 'string') {
    const test = envelope(location.uId, 'TEST_NOTIFICATION', {});
    if (!(await state.notifier.sendNow(url, secret, test))) throw new AppleWireError(9728);
  }
  location.clientConfig = next;
  return clientConfigBody(location);
}
