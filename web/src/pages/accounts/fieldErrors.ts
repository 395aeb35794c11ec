/** The API's validation errors (400 `details.fields`) by field, for showing on each field. */
import { ApiError } from '../../api/client.js';

export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || error.details === undefined) return {};
  const fields = error.details.fields;
  const errors: FieldErrors = {};
  if (Array.isArray(fields)) {
    for (const entry of fields as Array<{ field?: unknown; message?: unknown }>) {
      if (typeof entry.field === 'string' && typeof entry.message === 'string') {
        errors[entry.field.split(/[.[]/)[0]!] ??= entry.message;
      }
    }
  } else if (typeof error.details.field === 'string') {
    errors[error.details.field] = error.message;
  }
  return errors;
}
