/** A list of named members (groups, users, devices) with a remove button each. */
import { useTranslation } from 'react-i18next';

export function ChipList(props: {
  label: string;
  ids: readonly string[];
  nameOf: (id: string) => string;
  onRemove?: (id: string) => void;
}) {
  const { t } = useTranslation('apps');
  if (props.ids.length === 0) return <p className="muted small">{t('distribution.none')}</p>;
  return (
    <ul className="chips" aria-label={props.label}>
      {props.ids.map((id) => (
        <li key={id} className="chip">
          <span>{props.nameOf(id)}</span>
          {props.onRemove !== undefined && (
            <button
              type="button"
              className="chip-remove"
              aria-label={t('distribution.removeFrom', {
                name: props.nameOf(id),
                list: props.label,
              })}
              onClick={() => props.onRemove?.(id)}
            >
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
