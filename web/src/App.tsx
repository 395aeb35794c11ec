/** Signs in, loads who the token is, then shows the page the path names. */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, onUnauthorized } from './api/client.js';
import type { Me, Page, Space } from './api/types.js';
import { Layout } from './components/Layout.js';
import { NoticeProvider } from './components/Notices.js';
import { ErrorMessage, Loading } from './components/State.js';
import { Routes } from './Routes.js';
import { SignIn } from './pages/SignIn.js';
import { SessionProvider } from './session/SessionContext.js';
import { clearToken, readToken, saveToken } from './session/token.js';

interface Identity {
  me: Me;
  spaces: Space[];
}

async function loadIdentity(): Promise<Identity> {
  const me = await api.get<Me>('/me');
  const spaces = await api.get<Page<Space>>('/spaces');
  return { me, spaces: spaces.items };
}

export function App() {
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [hasToken, setHasToken] = useState(() => readToken() !== null);
  const [error, setError] = useState<unknown>(undefined);

  const signOut = useCallback(() => {
    clearToken();
    setIdentity(null);
    setHasToken(false);
    setError(undefined);
  }, []);

  useEffect(() => {
    onUnauthorized((problem) => {
      clearToken();
      setIdentity(null);
      setHasToken(false);
      setError(problem);
    });
  }, []);

  useEffect(() => {
    if (!hasToken || identity !== null) return;
    loadIdentity().then(setIdentity, (caught: unknown) => {
      if (!(caught instanceof ApiError && caught.status === 401)) setError(caught);
    });
  }, [hasToken, identity]);

  const signIn = async (token: string) => {
    saveToken(token);
    try {
      const loaded = await loadIdentity();
      setError(undefined);
      setIdentity(loaded);
      setHasToken(true);
    } catch (caught) {
      clearToken();
      throw caught;
    }
  };

  if (!hasToken) return <SignIn onSignIn={signIn} error={error} />;
  if (identity === null) {
    return (
      <main className="sign-in" id="main">
        {error === undefined ? <Loading label="Signing in…" /> : <ErrorMessage error={error} />}
      </main>
    );
  }
  return (
    <SessionProvider me={identity.me} spaces={identity.spaces} signOut={signOut}>
      <NoticeProvider>
        <Layout>
          <Routes />
        </Layout>
      </NoticeProvider>
    </SessionProvider>
  );
}
