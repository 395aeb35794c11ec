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
