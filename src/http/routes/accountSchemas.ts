/** Schemas of store accounts (API.md "Store accounts"). */
import { Type } from 'typebox';
import { ACCOUNT_STATUSES } from '../../services/accounts/accounts.js';
import { TOKEN_SHARING_WARNING } from '../../services/accounts/apple/registration.js';
import { ErrorBody, writeErrors } from '../schemas.js';

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const Status = Type.Enum(ACCOUNT_STATUSES);

/** An account as the API shows it: never the token (R-S3). */
export const AccountSchema = Type.Object({
  id: Type.String(),
  store: Type.String({ description: 'apple, microsoft or isv' }),
  spaceId: Type.String(),
  name: Type.String(),
  priority: Type.Integer({ description: '1 = tried first among the space’s accounts (R-T9)' }),
  status: Status,
  statusReason: Nullable(Type.String()),
  authProblem: Nullable(Type.String({ description: 'R-T10, while status is error' })),
  organizationName: Nullable(
    Type.String({ description: 'Apple: organisation; Microsoft: directory; ISV: publisher' }),
  ),
  locationName: Nullable(
    Type.String({ description: 'Apple: location; Microsoft: default domain' }),
  ),
  appleId: Nullable(Type.String()),
  accountType: Nullable(Type.String()),
  autoDistributeToAllUsers: Type.Boolean(),
  clearPreviousLicenseData: Type.Boolean(),
  tokenCreatedAt: Nullable(Type.String()),
  tokenExpiresAt: Nullable(
    Type.String({ description: 'Apple: token expiry; Microsoft: client secret expiry' }),
  ),
  syncIntervalMinutes: Type.Integer(),
  lastSyncAt: Nullable(
    Type.String({ description: 'Last successful sync: every count is as of this time' }),
  ),
  lastFullSyncAt: Nullable(Type.String()),
  nextSyncAt: Nullable(Type.String()),
  untrackedLicenses: Type.Integer({
    description: 'Licences the store holds for this token that another product assigned (R-T5)',
  }),
  tenantDirectoryId: Nullable(
    Type.String({ description: 'Microsoft: the bound directory (R-T11)' }),
  ),
  language: Nullable(Type.String({ description: 'Microsoft: display language of app names' })),
  seats: Nullable(Type.Integer({ description: 'ISV: the seat count (R-T12)' })),
  publisher: Nullable(Type.String({ description: 'ISV: the product’s publisher' })),
  purchasedThrough: Nullable(
    Type.Enum(['marketplace', 'vendor'], {
      description: 'ISV: seats change here only for marketplace purchases (R-T12)',
    }),
  ),
  productId: Nullable(Type.String({ description: 'ISV: the subscription’s product' })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const AccountWithWarnings = Type.Intersect([
  AccountSchema,
  Type.Object({
    warnings: Type.Array(Type.String()),
    syncJobId: Nullable(Type.String()),
  }),
]);

export const Token = Type.String({
  minLength: 1,
  maxLength: 20_000,
  description: 'The content of the .vpptoken file (never returned)',
});

export const ClientSecret = Type.String({
  minLength: 1,
  maxLength: 500,
  description: 'The management app’s client secret (never returned)',
});

export const tokenWarning = `Warning: ${TOKEN_SHARING_WARNING}`;

export const writeAndRefusals = { ...writeErrors, 422: ErrorBody, 503: ErrorBody };
