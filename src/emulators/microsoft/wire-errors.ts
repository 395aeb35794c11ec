/**
 * Errors the emulator answers, in the shape of each surface: the Store API
 * (`{code, message, itemType?, values?}`; the reference names the status codes and, for 404,
 * the item type and values), Azure AD's token endpoint (`{error, error_description,
 * error_codes}`) and Graph (`{error: {code, message}}`).
 */
import { randomUUID } from 'node:crypto';
import { AllotError } from '../../domain/errors.js';

export type Surface = 'store' | 'oauth' | 'graph';

/** An answer the emulated service refuses with; `body()` is what goes on the wire. */
export class WireError extends AllotError {
  /** Sent as Retry-After (rate limits and injected faults). */
  retryAfterSeconds?: number;

  constructor(
    readonly httpStatus: number,
    code: string,
    message: string,
    private readonly wireBody: object,
  ) {
    super(code, message);
  }

  body(): object {
    return this.wireBody;
  }
}

export function storeError(
  httpStatus: number,
  code: string,
  message: string,
  data?: { itemType: string; values: string[] },
): WireError {
  return new WireError(httpStatus, code, message, { code, message, ...data });
}

/** 404 "Not found" naming what is missing: Inventory, User or Seat. */
export function notFound(itemType: 'Inventory' | 'User' | 'Seat' | 'Product', value: string) {
  return storeError(404, 'NotFound', `${itemType} not found`, { itemType, values: [value] });
}

export function invalidParameter(name: string, message: string): WireError {
  return storeError(400, 'InvalidParameter', message, { itemType: 'Parameter', values: [name] });
}

export function oauthError(
  httpStatus: number,
  error: string,
  aadsts: number,
  description: string,
): WireError {
  return new WireError(httpStatus, error, description, {
    error,
    error_description: `AADSTS${aadsts}: ${description}`,
    error_codes: [aadsts],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  });
}

export function graphError(httpStatus: number, code: string, message: string): WireError {
  return new WireError(httpStatus, code, message, { error: { code, message } });
}

/** An injected fault or a rate limit, answered in the surface's own shape. */
export function trafficError(surface: Surface, status: number): WireError {
  const busy = status === 429;
  switch (surface) {
    case 'oauth':
      return oauthError(status, 'temporarily_unavailable', busy ? 50196 : 90006, 'Try later.');
    case 'graph':
      return graphError(status, busy ? 'TooManyRequests' : 'serviceNotAvailable', 'Try later.');
    default:
      return storeError(
        status,
        busy ? 'TooManyRequests' : status >= 500 ? 'ServiceUnavailable' : 'Fault',
        busy ? 'Too many requests.' : 'The service is temporarily unavailable.',
      );
  }
}
