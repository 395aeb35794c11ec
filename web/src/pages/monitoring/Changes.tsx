/** An activity entry's before/after as a readable list: "Priority: 2 → 1", names not ids. */
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { subjectHref } from '../../components/SubjectLink.js';
import { formatDateTime, humanize } from '../../format.js';
import { Link } from '../../router.js';
import { changedFields, nameOf, type FieldChange } from './activityText.js';
import type { ActivityRow, Reference } from './types.js';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function Value(props: { value: unknown; references: readonly Reference[]; field: string }) {
  const { value, references, field } = props;
  const { t } = useTranslation('monitoring');
  if (value === null || value === undefined) return <>{t('activity.none')}</>;
  if (typeof value === 'boolean') return <>{value ? t('activity.yes') : t('activity.no')}</>;
  if (typeof value === 'number') return <>{value}</>;
  if (typeof value === 'string') {
    const named = nameOf(references, value);
    if (named !== undefined) {
      const href = subjectHref(named.type, named.id);
      return href === null ? <>{named.name}</> : <Link to={href}>{named.name}</Link>;
    }
    if (ISO_TIME.test(value)) return <>{formatDateTime(value)}</>;
    // Codes of the vocabulary (a licence type, a distribution) in words.
    return <>{t(`value.${field}.${value}`, { defaultValue: value })}</>;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <>{t('activity.none')}</>;
    return (
      <>
        {(value as unknown[]).map((item, i) => (
          <Fragment key={i}>
            {i > 0 && ', '}
            <Value value={item} references={references} field={field} />
          </Fragment>
        ))}
      </>
    );
  }
  const record = value as Record<string, unknown>;
  // A `{type, id}` target names what it points at.
  if (typeof record.id === 'string' && nameOf(references, record.id) !== undefined) {
    return <Value value={record.id} references={references} field={field} />;
  }
  return <code>{JSON.stringify(value)}</code>;
}

function Change({ change, references }: { change: FieldChange; references: readonly Reference[] }) {
  const { t } = useTranslation('monitoring');
  const label = t(`field.${change.field}`, { defaultValue: humanize(change.field) });
  return (
    <li>
      <span className="change-field">{t('activity.fieldLabel', { field: label })}</span>{' '}
      {change.kind === 'added' && (
        <Value value={change.after} references={references} field={change.field} />
      )}
      {change.kind === 'removed' && (
        <>
          <del>
            <Value value={change.before} references={references} field={change.field} />
          </del>
          <span className="visually-hidden"> {t('activity.removedMark')}</span>
        </>
      )}
      {change.kind === 'changed' && (
        <>
          <Value value={change.before} references={references} field={change.field} />
          <span aria-hidden="true"> → </span>
          <span className="visually-hidden"> {t('activity.becomes')} </span>
          <Value value={change.after} references={references} field={change.field} />
        </>
      )}
    </li>
  );
}

export function Changes({ entry }: { entry: ActivityRow }) {
  const { t } = useTranslation('monitoring');
  const changes = changedFields(entry.before, entry.after);
  if (changes.length === 0) return <span className="muted">{t('activity.noChange')}</span>;
  return (
    <ul className="change-list">
      {changes.map((change) => (
        <Change key={change.field} change={change} references={entry.references ?? []} />
      ))}
    </ul>
  );
}
