/**
 * The shapes the console reads from /api/v1, taken from the routes' own schemas: schema.d.ts is
 * generated from /docs/json (scripts/apiTypes.ts, `npm run api:types`), so a field a route
 * adds, renames or drops shows here, and in the pages, at the next type check.
 */
import type { paths } from './schema.js';

type Method = 'get' | 'post' | 'put' | 'patch';

/** The JSON body of an operation's success answer (200, else 201). */
type Ok<P extends keyof paths, M extends Method> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : never
  : never;

/** The JSON body an operation accepts. */
type Body<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** One element of a list answer (`{items: [...]}`). */
type Item<T> = T extends { items: Array<infer I> } ? I : never;

export type Me = Ok<'/api/v1/me', 'get'>;
export type Role = Me['role'];
export type Permission = Me['permissions'][number];

/** Every list answer: `{items, nextCursor}` (API.md "Conventions"). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Space = Ok<'/api/v1/spaces/{id}', 'get'>;

export type Product = Ok<'/api/v1/products/{id}', 'get'>;
export type Pool = Product['pools'][number];
export type Money = NonNullable<Product['costPerLicense']>;

export type Account = Ok<'/api/v1/accounts/{id}', 'get'>;
export type AccountStatus = Account['status'];
export type AccountWithWarnings = Ok<'/api/v1/accounts', 'post'>;

export type Job = Ok<'/api/v1/jobs/{id}', 'get'>;

export type ProductUsage = Item<Ok<'/api/v1/licenses/overview', 'get'>>;
export type AccountUsage = ProductUsage['accounts'][number];
export type Counts = Pick<ProductUsage, 'total' | 'inUse' | 'reserved' | 'available' | 'asOf'>;

export type CatalogApp = Ok<'/api/v1/catalog-apps/{id}', 'get'>;

export type AccountDistribution = Item<Ok<'/api/v1/catalog-apps/{id}/distribution', 'get'>>;
export type DistributionLists = Pick<
  AccountDistribution,
  'fcfsGroupIds' | 'reservedUserIds' | 'reservedDeviceIds' | 'prohibitedUserIds'
>;

export type Assignment = Item<Ok<'/api/v1/catalog-apps/{id}/assignments', 'get'>>;
export type Intent = Assignment['intent'];
export type AssignmentTarget = Assignment['target'];
/** The licences an assignment needs against those available (R-A12). */
export type Forecast = Ok<'/api/v1/catalog-apps/{id}/assignments/forecast', 'post'>['forecast'];

export type License = Ok<'/api/v1/licenses/{id}', 'get'>;
export type Subject = License['subject'];
export type UserLicense = Item<Ok<'/api/v1/users/{id}/licenses', 'get'>>;

export type AppLicenses = Ok<'/api/v1/catalog-apps/{id}/licenses', 'get'>;
export type AppLicenseItem = Item<AppLicenses>;
export type AppAccountUsage = AppLicenses['accounts'][number];
export type LicenseTab = AppLicenseItem['distribution'];

export type User = Ok<'/api/v1/users/{id}', 'get'>;
export type Device = Ok<'/api/v1/devices/{id}', 'get'>;
export type DeviceApp = Item<Ok<'/api/v1/devices/{id}/apps', 'get'>>;
export type Group = Ok<'/api/v1/groups/{id}', 'get'>;
export type GroupMember = Item<Ok<'/api/v1/groups/{id}/members', 'get'>>;
export type GroupAssignment = Item<Ok<'/api/v1/groups/{id}/assignments', 'get'>>;

export type Notification = Item<Ok<'/api/v1/notifications', 'get'>>;
export type Severity = Notification['severity'];
export type ActivityEntry = Item<Ok<'/api/v1/activity', 'get'>>;

// Settings (web/src/pages/settings).
export type ApiToken = Item<Ok<'/api/v1/api-tokens', 'get'>>;
export type CreatedApiToken = Ok<'/api/v1/api-tokens', 'post'>;
export type NewApiToken = Body<'/api/v1/api-tokens', 'post'>;

export type Webhook = Ok<'/api/v1/webhooks/{id}', 'get'>;
export type WebhookEvent = Webhook['events'][number];
export type WebhookDelivery = Item<Ok<'/api/v1/webhooks/{id}/deliveries', 'get'>>;
export type NewWebhook = Body<'/api/v1/webhooks', 'post'>;

export type MdmConnector = Ok<'/api/v1/mdm-connectors/{id}', 'get'>;
export type MdmKind = MdmConnector['kind'];
export type CreatedMdmConnector = Ok<'/api/v1/mdm-connectors', 'post'>;
export type NewMdmConnector = Body<'/api/v1/mdm-connectors', 'post'>;
export type MdmConnectorChange = Body<'/api/v1/mdm-connectors/{id}', 'patch'>;

export type RoleMappings = Ok<'/api/v1/sso/role-mappings', 'get'>;
export type RoleMapping = RoleMappings['mappings'][number];
export type SignInConfig = Ok<'/auth/config', 'get'>;

export type EmailRecipient = Ok<'/api/v1/notification-recipients/{id}', 'get'>;
export type EmailKind = EmailRecipient['kinds'][number];
export type NewEmailRecipient = Body<'/api/v1/notification-recipients', 'post'>;
