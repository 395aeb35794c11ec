/**
 * R-S1: the five roles and what each may change. Every role may read; a role granted on one
 * space acts only inside it (R-S2), which the services enforce through the caller's scope.
 */
export const ROLES = [
  'globalAdmin',
  'licenseAdmin',
  'userAdmin',
  'appManager',
  'readOnly',
] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  /** API tokens and spaces. */
  | 'tenant:admin'
  /** Users, devices, groups and their membership. */
  | 'directory:write'
  /** Store accounts and their tokens. */
  | 'accounts:write'
  /** Revoking licences and granting licences to users. */
  | 'licenses:write'
  /** Catalog apps and their delegation. */
  | 'catalog:write'
  /** Distribution lists per app and account. */
  | 'distribution:write'
  /** Assignments of catalog apps to groups. */
  | 'assignments:write'
  /** Device check-ins, device events and install requests (the MDM's side). */
  | 'devices:checkin'
  /** Webhooks and notification settings. */
  | 'monitoring:write';

const GRANTS: Record<Role, readonly Permission[]> = {
  globalAdmin: [
    'tenant:admin',
    'directory:write',
    'accounts:write',
    'licenses:write',
    'catalog:write',
    'distribution:write',
    'assignments:write',
    'devices:checkin',
    'monitoring:write',
  ],
  licenseAdmin: [
    'accounts:write',
    'licenses:write',
    'distribution:write',
    'assignments:write',
    'devices:checkin',
    'monitoring:write',
  ],
  userAdmin: ['directory:write', 'licenses:write', 'devices:checkin'],
  appManager: ['catalog:write', 'distribution:write', 'assignments:write'],
  readOnly: [],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
