/**
 * The control operations (what the Store portal, Azure AD and the organisation's admins do):
 * create an account with its directory and management app, buy seats, refund a product, add
 * directory users, hand out seats directly, change the app's credentials, and read what the
 * store holds. Used in-process by tests and through /_control over HTTP.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { StoreAccount } from './account.js';
import type { MicrosoftEmulatorState } from './emulator-state.js';
import { checkSeats, productFromInput, type ControlProductInput } from './products-input.js';
import { productKey, type DirectoryUser, type SeatState } from './records.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;

export interface CreateAccountInput {
  organizationName: string;
  /** Default: a new GUID. */
  tenantDirectoryId?: string;
  /** The default verified domain; default `<organisation>.onmicrosoft.com`. */
  domain?: string;
  countryCode?: string;
  /** The management app's credentials; generated when absent. */
  clientId?: string;
  clientSecret?: string;
  /** Default one year from now. */
  secretExpiresAt?: string | Date;
  products?: ControlProductInput[];
  /** Directory users (UPNs) the store knows. */
  users?: UserInput[];
}

export type UserInput = string | { userPrincipalName: string; displayName?: string };

export interface AccountCredentials {
  tenantDirectoryId: string;
  clientId: string;
  clientSecret: string;
  secretExpiresAt: string;
}

/** Buy seats of a product; a new product may carry its description. */
export interface BuyInput extends Partial<Omit<ControlProductInput, 'seats'>> {
  productId: string;
  /** Seats bought in this purchase (positive). */
  seats: number;
}

export interface InventoryView {
  productId: string;
  skuId: string;
  name: string;
  licenseType: string;
  distributionPolicy: string;
  status: string;
  seatCapacity: number;
  availableSeats: number;
  /** UPNs holding an active seat. */
  assignedTo: string[];
}

export interface SeatView {
  productId: string;
  skuId: string;
  userName: string;
  state: SeatState;
  dateAssigned: string;
}

export type CredentialsAction = 'rotate' | 'expire' | 'deactivate' | 'activate' | 'revokeTokens';

export function requireAccount(state: MicrosoftEmulatorState, tenant: string): StoreAccount {
  const account = state.account(tenant);
  if (!account) throw new NotFoundError('account', tenant);
  return account;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field} is required`, { field });
  }
  return value;
}

function newSecret(): string {
  return randomBytes(30).toString('base64url');
}

export function createAccount(
  state: MicrosoftEmulatorState,
  input: CreateAccountInput,
): AccountCredentials {
  const organizationName = text(input?.organizationName, 'organizationName');
  const tenantDirectoryId = input.tenantDirectoryId ?? randomUUID();
  text(tenantDirectoryId, 'tenantDirectoryId');
  if (state.account(tenantDirectoryId)) {
    throw new ConflictError('ACCOUNT_EXISTS', `tenant ${tenantDirectoryId} exists`);
  }
  const expiresAt =
    input.secretExpiresAt === undefined
      ? state.now() + YEAR_MS
      : new Date(input.secretExpiresAt).getTime();
  if (Number.isNaN(expiresAt)) {
    throw new ValidationError('secretExpiresAt is not a date', { field: 'secretExpiresAt' });
  }
  const slug = organizationName.toLowerCase().replace(/[^a-z0-9]/g, '') || 'tenant';
  const account = new StoreAccount(
    tenantDirectoryId,
    organizationName,
    input.domain ?? `${slug}.onmicrosoft.com`,
    input.countryCode ?? 'US',
    {
      clientId: input.clientId ?? randomUUID(),
      clientSecret: input.clientSecret ?? newSecret(),
      keyId: randomUUID(),
      secretExpiresAt: expiresAt,
      activated: true,
    },
  );
  if (input.products !== undefined && !Array.isArray(input.products)) {
    throw new ValidationError('products must be an array', { field: 'products' });
  }
  for (const raw of input.products ?? []) {
    const product = productFromInput(raw, state.now());
    const key = productKey(product.productId, product.skuId);
    if (account.products.has(key)) {
      throw new ValidationError(`product ${key} is listed twice`, { field: 'products' });
    }
    account.products.set(key, product);
  }
  addUsersTo(account, input.users ?? []);
  state.accounts.set(tenantDirectoryId.toLowerCase(), account);
  return credentialsOf(account);
}

function credentialsOf(account: StoreAccount): AccountCredentials {
  return {
    tenantDirectoryId: account.tenantDirectoryId,
    clientId: account.app.clientId,
    clientSecret: account.app.clientSecret,
    secretExpiresAt: new Date(account.app.secretExpiresAt).toISOString(),
  };
}

function addUsersTo(account: StoreAccount, users: unknown): DirectoryUser[] {
  if (!Array.isArray(users))
    throw new ValidationError('users must be an array', { field: 'users' });
  return users.map((raw: unknown) => {
    const input = typeof raw === 'string' ? { userPrincipalName: raw } : (raw as UserInput);
    const upn = typeof input === 'object' && input !== null ? input.userPrincipalName : undefined;
    if (typeof upn !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(upn)) {
      throw new ValidationError('each user needs a userPrincipalName like name@domain', {
        field: 'users',
      });
    }
    const displayName =
      typeof input === 'object' && input.displayName ? input.displayName : upn.split('@')[0]!;
    const user = { userPrincipalName: upn, displayName };
    account.users.set(upn.toLowerCase(), user);
    return user;
  });
}

export function addUsers(
  state: MicrosoftEmulatorState,
  tenant: string,
  users: UserInput[],
): DirectoryUser[] {
  return addUsersTo(requireAccount(state, tenant), users);
}

function view(account: StoreAccount, key: string): InventoryView {
  const p = account.products.get(key);
  if (!p) throw new NotFoundError('product', key);
  return {
    productId: p.productId,
    skuId: p.skuId,
    name: p.name,
    licenseType: p.licenseType,
    distributionPolicy: p.distributionPolicy,
    status: p.status,
    seatCapacity: p.seatCapacity,
    availableSeats: account.availableSeats(p),
    assignedTo: [...account.seatsOf(p).values()]
      .filter((s) => s.state === 'Active')
      .map((s) => s.userName),
  };
}

/** Buys seats; a refunded product bought again is Active again. */
export function buy(state: MicrosoftEmulatorState, tenant: string, input: BuyInput): InventoryView {
  const account = requireAccount(state, tenant);
  const seats = checkSeats(input?.seats);
  const skuId = input.skuId ?? '0016';
  const key = productKey(String(input.productId), skuId);
  const existing = account.products.get(key);
  if (!existing) {
    const product = productFromInput({ ...input, seats }, state.now());
    account.products.set(key, product);
    return view(account, key);
  }
  if (seats === 0) throw new ValidationError('seats must be positive', { field: 'seats' });
  if (existing.status === 'Removed') existing.status = 'Active';
  existing.seatCapacity += seats;
  existing.lastModified = state.now();
  return view(account, key);
}

/** Refunds a product: its entry becomes Removed and its seats are reclaimed. */
export function refund(
  state: MicrosoftEmulatorState,
  tenant: string,
  productId: string,
  skuId = '0016',
): InventoryView {
  const account = requireAccount(state, tenant);
  const key = productKey(productId, skuId);
  const product = account.products.get(key);
  if (!product) throw new NotFoundError('product', key);
  if (product.status === 'Removed') {
    throw new ConflictError('ALREADY_REFUNDED', `product ${key} was already refunded`);
  }
  account.refund(product, state.now());
  return view(account, key);
}

/** Hands out seats directly (set-up of tests and demos); unknown users are added. */
export function seedSeats(
  state: MicrosoftEmulatorState,
  tenant: string,
  seats: Array<{ productId: string; skuId?: string; userName: string }>,
): { assigned: number } {
  const account = requireAccount(state, tenant);
  if (!Array.isArray(seats))
    throw new ValidationError('seats must be an array', { field: 'seats' });
  let assigned = 0;
  for (const s of seats) {
    const product = account.product(String(s.productId), s.skuId ?? '0016');
    if (!product) throw new NotFoundError('product', `${s.productId}/${s.skuId ?? '0016'}`);
    if (product.licenseType !== 'Online') {
      throw new ConflictError('NOT_ONLINE', 'offline licences have no seats to hand out');
    }
    if (!account.user(s.userName)) addUsersTo(account, [s.userName]);
    const outcome = account.assign(product, s.userName, state.now());
    if (outcome === 'noSeats') {
      throw new ConflictError('NO_SEATS', `no seat of ${s.productId} is left`);
    }
    if (outcome === 'assigned') assigned += 1;
  }
  return { assigned };
}

export function listInventory(state: MicrosoftEmulatorState, tenant: string): InventoryView[] {
  const account = requireAccount(state, tenant);
  return [...account.products.keys()].map((key) => view(account, key));
}

export function listSeats(state: MicrosoftEmulatorState, tenant: string): SeatView[] {
  const account = requireAccount(state, tenant);
  return [...account.products.values()].flatMap((p) =>
    [...account.seatsOf(p).values()].map((s) => ({
      productId: p.productId,
      skuId: p.skuId,
      userName: s.userName,
      state: s.state,
      dateAssigned: new Date(s.dateAssigned).toISOString(),
    })),
  );
}

/**
 * Changes the management app's standing: `rotate` issues a new secret (the old one fails),
 * `expire` makes the secret expired, `deactivate`/`activate` stop or restart the Store
 * accepting the app, `revokeTokens` invalidates every access token issued so far.
 */
export function credentials(
  state: MicrosoftEmulatorState,
  tenant: string,
  action: CredentialsAction,
): { clientSecret?: string; secretExpiresAt?: string } {
  const account = requireAccount(state, tenant);
  const { app } = account;
  switch (action) {
    case 'rotate':
      account.app = {
        ...app,
        clientSecret: newSecret(),
        keyId: randomUUID(),
        secretExpiresAt: state.now() + YEAR_MS,
      };
      return credentialsOf(account);
    case 'expire':
      app.secretExpiresAt = Math.min(app.secretExpiresAt, state.now() - 1000);
      return {};
    case 'deactivate':
    case 'activate':
      app.activated = action === 'activate';
      return {};
    case 'revokeTokens':
      for (const [token, record] of state.accessTokens) {
        if (record.tenantDirectoryId === account.tenantDirectoryId)
          state.accessTokens.delete(token);
      }
      return {};
    default:
      throw new ValidationError(
        'action must be rotate, expire, deactivate, activate or revokeTokens',
        { field: 'action' },
      );
  }
}
