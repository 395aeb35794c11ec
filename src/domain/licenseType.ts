/**
 * R-A8 (and R-A11 for Microsoft device context): which licence type an install takes.
 *
 * Hard limits come first and beat the assignment's choice: a shared device, or a device
 * without a primary user, can only hold device licences; an app the store marks not
 * device-assignable can only get user licences; a Microsoft app installs in device context only
 * when it is offline-licensed; ISV seats belong to users. Within those limits an assignment may
 * force either type; otherwise Apple uses device licences for required installs and user
 * licences for user-requested (available) ones, and Microsoft uses one licence per user unless
 * the assignment asks for device context.
 */
import type { LicenseHolder } from './distribution.js';
import type { InstallSettings, LicenseType, Product, Subject, UserSubject } from './types.js';

/** The user a user licence would go to: the user, or the device's primary user. */
export function userOf(subject: Subject): UserSubject | undefined {
  return subject.type === 'user' ? subject : subject.primaryUser;
}

function canTakeDeviceLicense(product: Product, subject: Subject): boolean {
  if (subject.type !== 'device' || !product.deviceAssignable) return false;
  if (product.store === 'microsoft') return product.offline === true;
  return product.store === 'apple';
}

function canTakeUserLicense(subject: Subject): boolean {
  if (subject.type === 'device' && subject.shared) return false;
  return userOf(subject) !== undefined;
}

/**
 * The licence types this install may use, best first: the first is the type a new licence
 * gets; any of them may be reused (R-A7). Empty when no type fits (e.g. a shared device and an
 * app that is not device-assignable).
 */
export function licenseTypesFor(
  product: Product,
  subject: Subject,
  settings: InstallSettings,
): LicenseType[] {
  const allowed: LicenseType[] = [];
  if (canTakeDeviceLicense(product, subject)) allowed.push('device');
  if (canTakeUserLicense(subject)) allowed.push('user');

  const forced = settings.licenseType ?? (settings.deviceContext ? 'device' : undefined);
  if (forced && allowed.includes(forced)) return [forced];
  if (allowed.length < 2) return allowed;

  const natural: LicenseType =
    product.store === 'apple' && settings.intent === 'required' ? 'device' : 'user';
  return natural === 'device' ? ['device', 'user'] : ['user', 'device'];
}

/** The subject that holds a licence of `type` for this install. */
export function holderFor(subject: Subject, type: LicenseType): LicenseHolder | undefined {
  if (type === 'user') return userOf(subject);
  return subject.type === 'device' ? subject : undefined;
}
