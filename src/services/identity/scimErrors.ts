/**
 * SCIM protocol errors (RFC 7644 §3.12) as domain errors: a stable code, and the `scimType`
 * the SCIM routes answer with in details. The HTTP status follows the class, as everywhere.
 */
import { ConflictError, ValidationError } from '../../domain/errors.js';

export type ScimType =
  | 'invalidSyntax'
  | 'invalidFilter'
  | 'invalidPath'
  | 'invalidValue'
  | 'mutability'
  | 'noTarget'
  | 'uniqueness';

/** A request the SCIM service provider cannot take: 400 with its `scimType`. */
export function scimInvalid(scimType: Exclude<ScimType, 'uniqueness'>, message: string) {
  return new ValidationError(message, { scimType }, `SCIM_${scimType.toUpperCase()}`);
}

/** A `userName` or group name already taken: 409 `uniqueness`. */
export function scimTaken(message: string, details: Record<string, unknown> = {}): ConflictError {
  return new ConflictError('SCIM_UNIQUENESS', message, { ...details, scimType: 'uniqueness' });
}
