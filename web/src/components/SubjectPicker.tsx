/** Finds a user or a device by name and adds it to a list (reservations, prohibitions). */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../api/client.js';
import type { Device, Page, User } from '../api/types.js';
import { useDebounced } from '../hooks/useDebounced.js';
import { rememberName } from '../hooks/useNames.js';
import { useResource } from '../hooks/useResource.js';
import { useSession } from '../session/SessionContext.js';
import { ErrorMessage } from './State.js';

interface Found {
  id: string;
  name: string;
  detail: string;
}

function found(kind: 'users' | 'devices', item: User | Device): Found {
  if (kind === 'users') {
    const user = item as User;
    return { id: user.id, name: user.displayName, detail: user.email };
  }
  const device = item as Device;
  return { id: device.id, name: device.name ?? device.serialNumber, detail: device.serialNumber };
}

export function SubjectPicker(props: {
  kind: 'users' | 'devices';
  label: string;
  exclude: readonly string[];
  onPick: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { spaceId } = useSession();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const listId = useId();
  const results = useResource<Page<User | Device>>(
    q === '' ? null : withQuery(`/${props.kind}`, { q, spaceId, limit: 8 }),
  );
  const items = (results.data?.items ?? [])
    .map((item) => found(props.kind, item))
    .filter((item) => !props.exclude.includes(item.id));

  return (
    <div className="picker">
      <label className="field">
        <span>{props.label}</span>
        <input
          type="search"
          value={text}
          // Points at the results only while they are on the page (axe: no dangling reference).
          aria-controls={q === '' ? undefined : listId}
          placeholder={t(`picker.${props.kind}`)}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setText('');
          }}
        />
      </label>
      <ErrorMessage error={results.error} />
      {q !== '' && (
        <ul
          id={listId}
          className="picker-results"
          aria-label={t('picker.results', { label: props.label })}
        >
          {items.length === 0 && !results.loading && (
            <li className="muted small">{t('picker.noMatch')}</li>
          )}
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                onClick={() => {
                  rememberName(props.kind, item.id, item.name);
                  props.onPick(item.id);
                  setText('');
                }}
              >
                {t('picker.add', { name: item.name })}{' '}
                <span className="muted">({item.detail})</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
