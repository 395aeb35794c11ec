/**
 * Sign in with an API token, kept in this tab's sessionStorage only; or, when the server has a
 * provider, through single sign-on (R-I3: `/auth/login`, back to the console with a cookie).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { ErrorMessage } from '../components/State.js';
import type { SingleSignOn } from '../session/cookieSession.js';

export function SignIn(props: {
  onSignIn: (token: string) => Promise<void>;
  /** What the server offers for single sign-on; null when it offers none. */
  singleSignOn: SingleSignOn | null;
  error?: unknown;
}) {
  const { t } = useTranslation();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(props.error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onSignIn(token.trim());
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <LanguageSwitch />
      <form className="card" method="post" onSubmit={(event) => void submit(event)}>
        <h1>{t('signIn.title')}</h1>
        {props.singleSignOn !== null && (
          <>
            <p>
              <a className="sign-on" href="/auth/login">
                {props.singleSignOn.provider === null
                  ? t('signIn.withSingleSignOn')
                  : t('signIn.withProvider', { provider: props.singleSignOn.provider })}
              </a>
            </p>
            <p>{t('signIn.orToken')}</p>
          </>
        )}
        <p>{t('signIn.explain')}</p>
        <label className="field">
          <span>{t('signIn.token')}</span>
          <input
            type="password"
            name="token"
            autoComplete="off"
            required
            autoFocus={props.singleSignOn === null}
            value={token}
            onChange={(event) => setToken(event.target.value)}
          />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
