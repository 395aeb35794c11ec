/**
 * Finds a user by name or email and picks them (seat assignments). Its results list is named
 * by aria-controls only while it is on the page.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import type { Page, User } from '../../api/types.js';
import { ErrorMessage } from '../../components/State.js';
import { useDebounced } from '../../hooks/useDebounced.js';
import { rememberName } from '../../hooks/useNames.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';

export function UserPicker(props: {
  label: string;
  exclude: readonly string[];
  onPick: (id: string) => void;
}) {
  const { t } = useTranslation('accounts');
  const { spaceId } = useSession();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const inputId = useId();
  const listId = useId();
  const results = useResource<Page<User>>(
    q === '' ? null : withQuery('/users', { q, spaceId, limit: 8 }),
  );
  const users = (results.data?.items ?? []).filter((u) => !props.exclude.includes(u.id));
  const open = q !== '';
  return (
    <div className="picker">
      <div className="field">
        <label htmlFor={inputId}>{props.label}</label>
        <input
          id={inputId}
          type="search"
          value={text}
          placeholder={t('picker.placeholder')}
          aria-controls={open ? listId : undefined}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setText('');
          }}
        />
      </div>
      <ErrorMessage error={results.error} />
      {open && (
        <ul id={listId} className="picker-results" aria-label={t('picker.results')}>
          {users.length === 0 && !results.loading && (
            <li className="muted small">{t('picker.none')}</li>
          )}
          {users.map((user) => (
            <li key={user.id}>
              <button
                type="button"
                onClick={() => {
                  rememberName('users', user.id, user.displayName);
                  props.onPick(user.id);
                  setText('');
                }}
              >
                {t('picker.add', { name: user.displayName })}{' '}
                <span className="muted">({user.email})</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
