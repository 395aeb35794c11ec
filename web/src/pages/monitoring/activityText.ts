/** An activity entry in words: its action, and its before/after as a list of changed fields. */
import type { TFunction } from 'i18next';
import type { Reference } from './types.js';

/** "User created", "Licence revoked"; an action nobody named yet shows as logged. */
export function actionLabel(t: TFunction, action: string): string {
  const dot = action.indexOf('.');
  if (dot < 0) return action;
  const subject = action.slice(0, dot);
  const verb = action.slice(dot + 1);
  const subjectText = t(`common:subjectType.${subject}`, { defaultValue: '' });
  const verbText = t(`verb.${verb}`, { defaultValue: '' });
  if (subjectText === '' || verbText === '') return action;
  return t('actionLabel', { subject: subjectText, verb: verbText });
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  /** Present before, gone after (a deletion), or new (a creation). */
  kind: 'changed' | 'added' | 'removed';
}

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

/** The fields that differ between before and after, in the order they were logged. */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const was = asRecord(before);
  const is = asRecord(after);
  if (was === null && is === null) {
    if (before == null && after == null) return [];
    return [{ field: 'value', before, after, kind: 'changed' }];
  }
  const fields = [...new Set([...Object.keys(was ?? {}), ...Object.keys(is ?? {})])];
  return fields.flatMap((field): FieldChange[] => {
    const b = was?.[field];
    const a = is?.[field];
    if (JSON.stringify(b) === JSON.stringify(a)) return [];
    const kind =
      is === null || a === undefined
        ? 'removed'
        : was === null || b === undefined
          ? 'added'
          : 'changed';
    return [{ field, before: b, after: a, kind }];
  });
}

/** The name of an id the entry refers to, when the server named it. */
export function nameOf(references: readonly Reference[], id: string): Reference | undefined {
  return references.find((r) => r.id === id);
}
