/**
 * The API's validation errors by field (400 `details.fields`, or `details.field` for a
 * single one), so that a form shows each message on the field it names.
 */
import { ApiError } from './client.js';

export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || error.details === undefined) return {};
  const fields = error.details.fields;
  const errors: FieldErrors = {};
  if (Array.isArray(fields)) {
    for (const entry of fields as Array<{ field?: unknown; message?: unknown }>) {
      if (typeof entry.field !== 'string') continue;
      // `items[2].email` is shown on the form's `items` field.
      errors[entry.field.split(/[.[]/)[0]!] ??=
        typeof entry.message === 'string' ? entry.message : error.message;
    }
  } else if (typeof error.details.field === 'string') {
    errors[error.details.field] = error.message;
  }
  return errors;
}

/** The message for `field` when the API's error names it, else undefined. */
export function fieldError(error: unknown, field: string): string | undefined {
  return fieldErrorsOf(error)[field];
}

/** Whether the error belongs to one of the form's fields (then it is shown there only). */
export function onAField(error: unknown, fields: readonly string[]): boolean {
  return fields.some((field) => fieldError(error, field) !== undefined);
}
