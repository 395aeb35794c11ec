/** Sign in with an API token; it is kept in this tab's sessionStorage only. */
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/State.js';

export function SignIn(props: { onSignIn: (token: string) => Promise<void>; error?: unknown }) {
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
            autoFocus
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
