/**
 * What `accounts.settings` (JSON) holds per store: a Microsoft account's directory and display
 * language (R-T11); an ISV subscription's publisher, how it was bought, its product and its
 * seat count (R-T12). Apple accounts keep their options in columns of their own.
 */
import type { PurchasedThrough } from '../../domain/seats.js';

export interface MicrosoftSettings {
  tenantDirectoryId: string;
  /** RFC 4646 tag of the display language of app names, e.g. `en-US`. */
  language: string;
}

export interface IsvSettings {
  publisher: string;
  productName: string;
  purchasedThrough: PurchasedThrough;
  /** The subscription's one product (its pool holds the seats). */
  productId: string;
  /** Mirrors the pool's total, changed with it in one transaction. */
  seats: number;
}

export type AccountSettings = Partial<MicrosoftSettings & IsvSettings>;

export function parseSettings(settings: string): AccountSettings {
  try {
    const parsed: unknown = JSON.parse(settings);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

/** The settings of an ISV subscription, or null when the account is not one. */
export function isvSettingsOf(row: { store: string; settings: string }): IsvSettings | null {
  if (row.store !== 'isv') return null;
  const s = parseSettings(row.settings);
  if (s.productId === undefined || s.purchasedThrough === undefined) return null;
  return {
    publisher: s.publisher ?? '',
    productName: s.productName ?? '',
    purchasedThrough: s.purchasedThrough,
    productId: s.productId,
    seats: s.seats ?? 0,
  };
}
