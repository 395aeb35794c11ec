/**
 * What services need from a store, whatever the store. Each store has one implementation
 * (stores/apple, stores/microsoft, stores/isv); base URLs come from configuration so the same
 * connector talks to the real store or to an emulator.
 */
export type StoreKind = 'apple' | 'microsoft' | 'isv';

export type Platform = 'ios' | 'ipados' | 'macos' | 'windows' | 'tvos' | 'watchos' | 'visionos';

export interface Money {
  /** Integer minor units (cents). */
  amount: number;
  currency: string;
}

/** One product held by the account, with the store's own counts. */
export interface StoreAsset {
  storeProductId: string;
  /** Apple's pricingParam (STDQ/PLUS); absent on other stores. */
  pricingParam?: string;
  kind: 'app' | 'book';
  deviceAssignable: boolean;
  revocable: boolean;
  platforms: Platform[];
  total: number;
  assigned: number;
  available: number;
  /** Unlimited (free) products have no meaningful total. */
  unlimited: boolean;
}

/** One licence as the store sees it: exactly one of serialNumber / clientUserId. */
export interface StoreAssignment {
  storeProductId: string;
  pricingParam?: string;
  serialNumber?: string;
  clientUserId?: string;
}

export interface StoreUser {
  clientUserId: string;
  email?: string;
  status: 'registered' | 'associated' | 'retired' | 'deleted';
  inviteCode?: string;
}

/** A page walk result with the version to pass next time for a delta. */
export interface Versioned<T> {
  items: T[];
  versionId: string | null;
}

/** The description of a token as the store reports it (used when an account is added). */
export interface TokenDescription {
  organizationName: string;
  locationName: string;
  /** Store-side library/location id: two tokens with the same one are the same location. */
  locationId: string;
  expiresAt: Date;
  /** Name of the management product the store says holds the token, if not us. */
  claimedBy: string | null;
}

/** A subject of a licence at the store: a device serial number or a store user id. */
export type StoreSubject = { serialNumber: string } | { clientUserId: string };

/** Outcome of one associate/disassociate/revoke request after the store finished it. */
export interface StoreOperationResult {
  /** Subjects the store refused, with the store's error code (e.g. '9709' not enough licences). */
  failures: Array<{ subject: StoreSubject; storeProductId?: string; errorNumber: number; message: string }>;
}
