/**
 * Sign in with an API token, kept in this tab's sessionStorage only; or, when the server has a
 * provider, through single sign-on (R-I3: `/auth/login`, back to the console with a cookie).
 */
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/State.js';
import type { SingleSignOn } from '../session/cookieSession.js';

export function SignIn(props: {
  onSignIn: (token: string) => Promise<void>;
  /** What the server offers for single sign-on; null when it offers none. */
  singleSignOn: SingleSignOn | null;
  error?: unknown;
}) {
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
      <form className="card" method="post" onSubmit={(event) => void submit(event)}>
        <h1>Sign in to Allot</h1>
        {props.singleSignOn !== null && (
          <>
            <p>
              <a className="sign-on" href="/auth/login">
                Sign in with {props.singleSignOn.provider ?? 'single sign-on'}
              </a>
            </p>
            <p>Or, with an API token:</p>
          </>
        )}
        <p>
          Paste an API token. It stays in this browser tab only and is forgotten when the tab
          closes.
        </p>
        <label className="field">
          <span>API token</span>
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
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
