/**
 * SCIM PATCH (RFC 7644 §3.5.2) as the identity providers send it, applied by scim-patch after
 * this module has made the operations RFC-shaped: `op` in any case (Entra ID's `Replace`),
 * attribute names in any case, "True"/"False" strings for booleans, read-only attributes
 * refused with `mutability` (an `id` equal to the resource's own, as Okta sends it inside a
 * rename, is dropped). Entra ID's member `Remove` with a value list is understood by
 * scim-patch as "remove these values", which is what Entra means.
 */
import {
  NoPathInScimPatchOp,
  NoTarget,
  InvalidScimPatchOp,
  InvalidScimRemoveValue,
  ScimError as PatchLibraryError,
  scimPatch,
  type ScimPatchOperation,
  type ScimResource,
} from 'scim-patch';
import { scimInvalid } from './scimErrors.js';
import { ENTERPRISE_USER, asBoolean, isObject, keyOf, type ScimObject } from './scimAttributes.js';

/** Attribute names as RFC 7643 spells them, by their lower-case form. */
const CANONICAL = new Map(
  [
    'userName',
    'displayName',
    'nickName',
    'name',
    'formatted',
    'familyName',
    'givenName',
    'middleName',
    'honorificPrefix',
    'honorificSuffix',
    'profileUrl',
    'title',
    'userType',
    'preferredLanguage',
    'locale',
    'timezone',
    'active',
    'emails',
    'phoneNumbers',
    'ims',
    'photos',
    'addresses',
    'entitlements',
    'roles',
    'x509Certificates',
    'externalId',
    'members',
    'value',
    'type',
    'primary',
    'display',
    'employeeNumber',
    'costCenter',
    'organization',
    'division',
    'department',
    'manager',
    'streetAddress',
    'locality',
    'region',
    'postalCode',
    'country',
  ].map((n) => [n.toLowerCase(), n]),
);

const READ_ONLY = new Set(['id', 'meta', 'groups']);

function canonicalName(name: string): string {
  return CANONICAL.get(name.toLowerCase()) ?? name;
}

/** The path with its attribute names (outside quoted values) spelled canonically. */
export function canonicalPath(path: string): string {
  const trimmed = path.trim();
  if (trimmed.toLowerCase().startsWith(ENTERPRISE_USER.toLowerCase() + ':')) {
    return `${ENTERPRISE_USER}:${canonicalPath(trimmed.slice(ENTERPRISE_USER.length + 1))}`;
  }
  if (trimmed.toLowerCase() === ENTERPRISE_USER.toLowerCase()) return ENTERPRISE_USER;
  // Names are runs of letters outside double quotes.
  return trimmed.replace(/"[^"]*"|[A-Za-z][A-Za-z0-9$]*/g, (token) =>
    token.startsWith('"')
      ? token
      : ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le', 'pr', 'and', 'or', 'not'].includes(
            token.toLowerCase(),
          )
        ? token
        : canonicalName(token),
  );
}

function topAttribute(path: string): string {
  return (path.split(/[.[]/)[0] ?? '').toLowerCase();
}

function canonicalValue(path: string | undefined, value: unknown, id: string): unknown {
  if (path !== undefined) {
    if (topAttribute(path) === 'active') return booleanOrThrow(value);
    return value;
  }
  if (!isObject(value)) {
    throw scimInvalid('invalidValue', 'An operation without a path needs an object value');
  }
  const out: ScimObject = {};
  for (const [rawKey, v] of Object.entries(value)) {
    const key = canonicalPath(rawKey);
    if (READ_ONLY.has(topAttribute(key))) {
      if (key === 'id' && v === id) continue;
      if (key === 'meta' || key === 'groups') continue;
      throw scimInvalid('mutability', `Attribute ${rawKey} is read-only`);
    }
    out[key] = key === 'active' ? booleanOrThrow(v) : v;
  }
  return out;
}

function booleanOrThrow(value: unknown): boolean {
  const bool = asBoolean(value);
  if (bool === undefined) {
    throw scimInvalid('invalidValue', `active must be true or false, not ${JSON.stringify(value)}`);
  }
  return bool;
}

/** The request's operations, RFC-shaped, or 400 `invalidSyntax`. */
export function patchOperations(body: unknown, id: string): ScimPatchOperation[] {
  if (!isObject(body)) throw scimInvalid('invalidSyntax', 'A PATCH body must be a PatchOp object');
  const key = keyOf(body, 'Operations');
  const operations = key === undefined ? undefined : body[key];
  if (!Array.isArray(operations) || operations.length === 0) {
    throw scimInvalid('invalidSyntax', 'A PATCH body needs a non-empty "Operations" list');
  }
  return operations.map((raw: unknown, i): ScimPatchOperation => {
    if (!isObject(raw)) throw scimInvalid('invalidSyntax', `Operation ${i} is not an object`);
    const opKey = keyOf(raw, 'op');
    const op = opKey === undefined ? undefined : raw[opKey];
    const lower = typeof op === 'string' ? op.toLowerCase() : '';
    if (lower !== 'add' && lower !== 'replace' && lower !== 'remove') {
      throw scimInvalid('invalidSyntax', `Operation ${i}: op must be add, replace or remove`);
    }
    const pathKey = keyOf(raw, 'path');
    const rawPath = pathKey === undefined ? undefined : raw[pathKey];
    if (rawPath !== undefined && typeof rawPath !== 'string') {
      throw scimInvalid('invalidPath', `Operation ${i}: path must be a string`);
    }
    const path =
      rawPath === undefined || rawPath.trim() === '' ? undefined : canonicalPath(rawPath);
    if (path !== undefined && READ_ONLY.has(topAttribute(path))) {
      throw scimInvalid('mutability', `Attribute ${path} is read-only`);
    }
    const valueKey = keyOf(raw, 'value');
    const value = valueKey === undefined ? undefined : raw[valueKey];
    if (lower === 'remove') {
      if (path === undefined) throw scimInvalid('noTarget', `Operation ${i}: remove needs a path`);
      return value === undefined ? { op: 'remove', path } : { op: 'remove', path, value };
    }
    if (value === undefined) throw scimInvalid('invalidValue', `Operation ${i} needs a value`);
    const canonical = canonicalValue(path, value, id);
    return path === undefined
      ? { op: lower, value: canonical }
      : { op: lower, path, value: canonical };
  });
}

/** Applies the operations to a copy of `resource`, all or none, SCIM errors on failure. */
export function applyPatch<T extends ScimObject>(resource: T, operations: ScimPatchOperation[]): T {
  const document = { ...resource, meta: { created: new Date(0), lastModified: new Date(0) } };
  try {
    const patched = scimPatch(document as unknown as ScimResource, operations, {
      mutateDocument: false,
      treatMissingAsAdd: true,
    }) as unknown as ScimObject;
    delete patched.meta;
    return patched as T;
  } catch (error) {
    if (error instanceof NoTarget || error instanceof NoPathInScimPatchOp) {
      throw scimInvalid('noTarget', error.message);
    }
    if (error instanceof InvalidScimRemoveValue) throw scimInvalid('invalidValue', error.message);
    if (error instanceof InvalidScimPatchOp) throw scimInvalid('invalidPath', error.message);
    if (error instanceof PatchLibraryError) throw scimInvalid('invalidSyntax', error.message);
    throw error;
  }
}
