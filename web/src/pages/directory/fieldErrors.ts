/** The API's validation errors, shown on the field they name. */
import { ApiError } from '../../api/client.js';

interface FieldIssue {
  field?: string;
  message?: string;
}

/** The message for `field` when the API's error names it, else undefined. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || error.details === undefined) return undefined;
  const issues = (error.details.fields as FieldIssue[] | undefined) ?? [];
  const issue = issues.find((i) => i.field === field);
  if (issue !== undefined) return issue.message ?? error.message;
  return error.details.field === field ? error.message : undefined;
}

/** Whether the error belongs to one of the form's fields (then it is shown there only). */
export function onAField(error: unknown, fields: readonly string[]): boolean {
  return fields.some((field) => fieldError(error, field) !== undefined);
}
