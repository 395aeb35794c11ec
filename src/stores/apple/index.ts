/** The Apple Apps and Books connector and its wire client. */
export {
  AppleConnector,
  createAppleConnectorFactory,
  DEFAULT_NOTIFICATION_TYPES,
  type AppleConnectorOptions,
} from './connector.js';
export {
  AppleClient,
  APPLE_API_URL,
  type AppleClientOptions,
  type AssetsQuery,
  type AssignmentsQuery,
  type UsersQuery,
} from './client.js';
export { AppleEnrolment } from './enrolment.js';
export { DEFAULT_EVENT_POLLING, type EventPolling } from './events.js';
export { ITUNES_LOOKUP_URL } from './lookup.js';
export {
  isAuthorizedNotification,
  NotificationDeduper,
  parseAppleNotification,
  type AppleNotification,
} from './notifications.js';
export { MAX_PAGES_IN_FLIGHT, walkPages } from './paging.js';
export { APPLE_LIMITS, ServiceConfigCache } from './service-config.js';
export { realSleep, type Sleep } from './timing.js';
export { DEFAULT_RETRY, type MdmIdentity, type RetryPolicy } from './transport.js';
export { StoreError, type AuthProblem, type StoreErrorCode } from '../connector.js';
export type * from './wire-types.js';
