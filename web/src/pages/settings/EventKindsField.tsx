/** Checkboxes for the notification kinds; "every kind" stands alone. */
import { useTranslation } from 'react-i18next';
import { EVENT_KINDS } from './eventKinds.js';

type Kind = (typeof EVENT_KINDS)[number];

export function EventKindsField(props: {
  legend: string;
  value: Kind[];
  onChange: (kinds: Kind[]) => void;
}) {
  const { t } = useTranslation('settings');
  const all = props.value.includes('*');
  const toggle = (kind: Kind, on: boolean) => {
    if (kind === '*') return props.onChange(on ? ['*'] : []);
    const others = props.value.filter((k) => k !== kind && k !== '*');
    props.onChange(on ? [...others, kind] : others);
  };
  return (
    <fieldset className="field kinds">
      <legend>{props.legend}</legend>
      {EVENT_KINDS.map((kind) => (
        <label key={kind} className="check">
          <input
            type="checkbox"
            checked={props.value.includes(kind) || (all && kind !== '*')}
            disabled={all && kind !== '*'}
            onChange={(e) => toggle(kind, e.target.checked)}
          />
          {t(`kind.${kind === '*' ? 'all' : kind}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** The kinds as words, for a table cell. */
export function useKindNames(): (kinds: readonly string[]) => string {
  const { t } = useTranslation('settings');
  return (kinds) => kinds.map((k) => t(`kind.${k === '*' ? 'all' : k}`)).join(', ');
}
