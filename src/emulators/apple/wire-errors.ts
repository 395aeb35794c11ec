/**
 * Apple's error numbers (reference §5) with the message and HTTP status the emulator answers.
 * The emulator is itself an HTTP server, so its errors carry a status; the body shape is
 * Apple's `{errorNumber, errorMessage, errorInfo?}`.
 */
import { AllotError } from '../../domain/errors.js';

export interface WireAssetRef {
  adamId: string;
  pricingParam: string;
}

export interface ErrorInfo {
  assets?: WireAssetRef[];
  clientUserIds?: string[];
  serialNumbers?: string[];
}

export interface WireErrorBody {
  errorNumber: number;
  errorMessage: string;
  errorInfo?: ErrorInfo;
}

const ERRORS: Record<number, [status: number, message: string]> = {
  9601: [401, 'Login required.'],
  9602: [400, 'Invalid argument.'],
  9603: [500, 'Internal error.'],
  9609: [400, 'Registered user not found.'],
  9621: [401, 'Access token expired.'],
  9622: [401, 'Invalid authentication token.'],
  9625: [401, 'The server has revoked the sToken.'],
  9635: [400, 'This Apple Account cannot be associated with this user.'],
  9641: [400, 'This Apple Account is already associated with another user.'],
  9646: [429, 'Too many requests.'],
  9650: [400, 'Invalid page index.'],
  9700: [400, 'Too many assets in the request.'],
  9701: [400, 'Too many client user IDs in the request.'],
  9702: [400, 'Too many serial numbers in the request.'],
  9703: [400, 'Duplicate assets in the request.'],
  9704: [400, 'Duplicate client user IDs in the request.'],
  9705: [400, 'Duplicate serial numbers in the request.'],
  9706: [400, 'The asset is not revocable.'],
  9707: [400, 'The asset cannot be assigned to a device.'],
  9708: [400, 'Event not found.'],
  9709: [400, 'Not enough assets available.'],
  9710: [400, 'Provide both notificationUrl and notificationAuthToken, or neither.'],
  9711: [400, 'Notification URL or auth token is too long.'],
  9712: [400, 'Notification URL is not a valid HTTPS URL.'],
  9713: [400, 'mdmInfo metadata is too long.'],
  9714: [400, 'Too many users in the request.'],
  9715: [400, 'Duplicate users in the request.'],
  9716: [400, 'A user with this clientUserId already exists.'],
  9717: [400, 'Invalid email address.'],
  9718: [400, 'No assets in the request.'],
  9719: [400, 'No client user IDs or serial numbers in the request.'],
  9720: [400, 'No users in the request.'],
  9721: [400, 'Invalid versionId.'],
  9722: [401, 'Authorization header is not in Bearer format.'],
  9723: [400, 'mdmInfo must have id, name and metadata.'],
  9724: [400, 'mdmInfo id is too long.'],
  9725: [400, 'mdmInfo name is too long.'],
  9726: [405, 'HTTP method not allowed.'],
  9727: [415, 'Content-Type must be application/json.'],
  9728: [400, 'The notification could not be delivered to notificationUrl.'],
  9729: [503, 'Service temporarily unavailable.'],
};

export function errorMessage(errorNumber: number): string {
  return ERRORS[errorNumber]?.[1] ?? 'Error.';
}

export function errorStatus(errorNumber: number): number {
  return ERRORS[errorNumber]?.[0] ?? 400;
}

/** The `errorCodes` list of GET /service/config. */
export function errorCodeList(): Array<{ errorNumber: number; errorMessage: string }> {
  return Object.entries(ERRORS).map(([n, [, message]]) => ({
    errorNumber: Number(n),
    errorMessage: message,
  }));
}

/** A request the emulated store refuses synchronously. */
export class AppleWireError extends AllotError {
  readonly httpStatus: number;
  readonly errorInfo?: ErrorInfo;

  constructor(
    readonly errorNumber: number,
    options: { message?: string; errorInfo?: ErrorInfo; httpStatus?: number } = {},
  ) {
    super(`APPLE_${errorNumber}`, options.message ?? errorMessage(errorNumber));
    this.httpStatus = options.httpStatus ?? errorStatus(errorNumber);
    if (options.errorInfo) this.errorInfo = options.errorInfo;
  }

  body(): WireErrorBody {
    return {
      errorNumber: this.errorNumber,
      errorMessage: this.message,
      ...(this.errorInfo && { errorInfo: this.errorInfo }),
    };
  }
}

/** An asynchronous per-task failure recorded on an event (status `failures`). */
export function failureBody(errorNumber: number, errorInfo: ErrorInfo): WireErrorBody {
  return { errorNumber, errorMessage: errorMessage(errorNumber), errorInfo };
}
