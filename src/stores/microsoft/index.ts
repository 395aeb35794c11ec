/** The Microsoft Store for Business connector and its wire clients. */
export {
  MicrosoftConnector,
  createMicrosoftConnectorFactory,
  type MicrosoftConnectorOptions,
  type MicrosoftCredentials,
  type MicrosoftServiceOptions,
  type MicrosoftTokenDescription,
} from './connector.js';
export {
  AUTHORITY_URL,
  GRAPH_API_URL,
  GRAPH_RESOURCE,
  GraphClient,
  MicrosoftStoreClient,
  STORE_API_URL,
  STORE_RESOURCE,
  type InventoryQuery,
  type PageQuery,
} from './client.js';
export {
  isEncryptedPackage,
  microsoftProductName,
  toProductKey,
  toStoreProductId,
  type MicrosoftAssetFacts,
  type MicrosoftLicenseType,
  type MicrosoftProductInfo,
  type MicrosoftStoreAsset,
} from './mapping.js';
export { BULK_USERS } from './seats.js';
export { AccessTokens, type ClientCredentials } from './token.js';
export { RetryingHttp, type HttpOptions } from './http.js';
export { StoreError, type AuthProblem, type StoreErrorCode } from '../connector.js';
export type * from './wire-types.js';
