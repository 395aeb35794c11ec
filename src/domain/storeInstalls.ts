/**
 * Who installs an app once its licence is given (R-T11, R-T12):
 * - Microsoft Store online apps are installed by the Store app for the signed-in user: Allot
 *   assigns the seat to the user's UPN and sends no install command (as Intune leaves online
 *   apps to the Store); the install stays `pending` until the device reports the app;
 * - ISV subscriptions are entitlements the vendor's own app checks: no command either;
 * - everything else (Apple apps, Microsoft offline apps) is installed by the MDM on Allot's
 *   command.
 */
import type { Platform, Product } from './types.js';

export type Installer = 'mdm' | 'store' | 'vendor';

export function installerOf(product: Pick<Product, 'store' | 'offline'>): Installer {
  if (product.store === 'isv') return 'vendor';
  if (product.store === 'microsoft' && product.offline !== true) return 'store';
  return 'mdm';
}

/** The reason shown with a `pending` install that no command of Allot's will carry out. */
export function pendingReason(installer: Installer): string | null {
  if (installer === 'store') return 'installedByStore';
  if (installer === 'vendor') return 'installedByVendor';
  return null;
}

/**
 * Store apps run on their store's platforms: Microsoft Store apps on Windows, Apple's apps and
 * books on Apple devices. ISV subscriptions are entitlements of users, on any device. A device
 * that cannot run an app is not offered it, and needs no licence for it.
 */
export function installsOn(store: Product['store'], platform: Platform): boolean {
  if (store === 'microsoft') return platform === 'windows';
  if (store === 'apple') return platform !== 'windows';
  return true;
}
