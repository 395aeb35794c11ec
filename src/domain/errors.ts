/**
 * Domain errors: every failure a user can meet has a stable `code`. Only http/ maps them to
 * HTTP statuses (see http/errors.ts); nothing below http/ knows about HTTP.
 */
export type ErrorDetails = Record<string, unknown>;

export class AllotError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that is malformed or incomplete (400). `details.field` names the offending field. */
export class ValidationError extends AllotError {
  constructor(message: string, details?: ErrorDetails, code = 'VALIDATION_FAILED') {
    super(code, message, details);
  }
}

/** A subject that does not exist, or that the caller may not see (404). */
export class NotFoundError extends AllotError {
  constructor(kind: string, id: string) {
    super('NOT_FOUND', `${kind} ${id} was not found`, { kind, id });
  }
}

/** The request conflicts with the current state (409). */
export class ConflictError extends AllotError {}

/** Well-formed but refused by a rule (422), e.g. an expired token. */
export class RuleViolationError extends AllotError {}

/** The caller is not authenticated (401). */
export class UnauthenticatedError extends AllotError {
  constructor(message = 'A valid API token is required') {
    super('UNAUTHENTICATED', message);
  }
}

/** The caller's role may not do this (403). */
export class ForbiddenError extends AllotError {
  constructor(message: string, details?: ErrorDetails) {
    super('FORBIDDEN', message, details);
  }
}

/** A dependency (database, store) is unavailable for now (503, with Retry-After). */
export class UnavailableError extends AllotError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
    details?: ErrorDetails,
  ) {
    super(code, message, details);
  }
}

/** R-A12: the three ways out of an assignment that needs more licences than there are. */
export const INSUFFICIENT_LICENSES_REMEDIES = [
  { code: 'uninstallFromSomeDevices', text: 'Uninstall the app from some devices.' },
  { code: 'narrowAssignment', text: 'Narrow the assignment to fewer users or devices.' },
  { code: 'buyMoreLicenses', text: 'Buy more licences in the store.' },
] as const;

/** R-A12: a store that blocks over-assignment refuses an assignment it cannot cover (409). */
export class InsufficientLicensesError extends ConflictError {
  constructor(readonly forecast: { needed: number; available: number | null; shortfall: number }) {
    super(
      'INSUFFICIENT_LICENSES',
      `This assignment needs ${forecast.needed} licences but only ${forecast.available ?? 0} ` +
        `are available (${forecast.shortfall} short). Uninstall the app from some devices, ` +
        'narrow the assignment, or buy more licences.',
      { forecast, remedies: INSUFFICIENT_LICENSES_REMEDIES },
    );
  }
}

/** R-T12: the seat count cannot be changed here: bought through a vendor, or set by the store (422). */
export class SeatsReadOnlyError extends RuleViolationError {
  constructor(readonly source: 'vendor' | 'store') {
    super(
      'SEATS_READ_ONLY',
      source === 'vendor'
        ? 'This subscription was bought through the vendor: contact the vendor to change its seats.'
        : "This account's licence counts come from the store: buy or remove licences in the store.",
      { source },
    );
  }
}

/** R-T12: seats cannot go below the seats in use (409). */
export class SeatsBelowInUseError extends ConflictError {
  constructor(requested: number, inUse: number) {
    super(
      'SEATS_BELOW_IN_USE',
      `${inUse} seats are in use, so the subscription cannot have ${requested}: ` +
        `revoke ${inUse - requested} licences first or keep at least ${inUse} seats.`,
      { requested, inUse },
    );
  }
}
