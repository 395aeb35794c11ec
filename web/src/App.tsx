/**
 * Signs in (an API token in this tab, or the single sign-on session's cookie, R-I3), loads who
 * that is, then shows the page the path names.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { i18next } from './i18n/index.js';
import { api, ApiError, onUnauthorized, setCsrfToken } from './api/client.js';
import type { Me, Page, Space } from './api/types.js';
import { Layout } from './components/Layout.js';
import { NoticeProvider } from './components/Notices.js';
import { ErrorMessage, Loading } from './components/State.js';
import { Routes } from './Routes.js';
import { SignIn } from './pages/SignIn.js';
import {
  endCookieSession,
  loadCookieSession,
  singleSignOnOffered,
  type SingleSignOn,
  type CookieSession,
} from './session/cookieSession.js';
import { SessionProvider, type Person } from './session/SessionContext.js';
import { clearToken, readToken, saveToken } from './session/token.js';
import { queryClient } from './api/queryClient.js';

interface Identity {
  me: Me;
  spaces: Space[];
}

/**
 * How this tab is signed in: checking (asking the server for a session), a token of this tab,
 * the sign-on session's cookie, or not at all (with whether single sign-on is offered).
 */
type Auth =
  | { kind: 'checking' }
  | { kind: 'token' }
  | { kind: 'cookie'; session: CookieSession }
  | { kind: 'none'; singleSignOn: SingleSignOn | null };

async function loadIdentity(): Promise<Identity> {
  const me = await api.get<Me>('/me');
  const spaces = await api.get<Page<Space>>('/spaces');
  return { me, spaces: spaces.items };
}

/** Not signed in: the sign-in screen, with the sign-on link when the server offers it. */
async function signedOut(): Promise<Auth> {
  return { kind: 'none', singleSignOn: await singleSignOnOffered() };
}

async function initialAuth(): Promise<Auth> {
  if (readToken() !== null) return { kind: 'token' };
  const session = await loadCookieSession();
  if (session === null) return signedOut();
  setCsrfToken(session.csrfToken);
  return { kind: 'cookie', session };
}

function personOf(auth: Auth, me: Me): Person {
  if (auth.kind === 'cookie') {
    const { name, email } = auth.session;
    return { name, role: me.role, title: email === null ? name : `${name} <${email}>` };
  }
  return {
    name: me.tokenName,
    role: me.role,
    title: i18next.t('frame.token', { name: me.tokenName }),
  };
}

export function App() {
  const { t } = useTranslation();
  const [auth, setAuth] = useState<Auth>({ kind: 'checking' });
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [error, setError] = useState<unknown>(undefined);

  /** Back to the sign-in screen, with `problem` shown on it. */
  const toSignIn = useCallback((problem: unknown) => {
    clearToken();
    // Nothing read for one person is shown to the next.
    queryClient.clear();
    setCsrfToken(null);
    setIdentity(null);
    setError(problem);
    setAuth({ kind: 'checking' });
    signedOut().then(setAuth, () => setAuth({ kind: 'none', singleSignOn: null }));
  }, []);

  useEffect(() => {
    let live = true;
    initialAuth().then(
      (found) => {
        if (live) setAuth(found);
      },
      (caught: unknown) => {
        if (!live) return;
        setError(caught);
        setAuth({ kind: 'none', singleSignOn: null });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    onUnauthorized((problem) => toSignIn(problem));
  }, [toSignIn]);

  const signedIn = auth.kind === 'token' || auth.kind === 'cookie';
  useEffect(() => {
    if (!signedIn || identity !== null) return;
    loadIdentity().then(setIdentity, (caught: unknown) => {
      if (!(caught instanceof ApiError && caught.status === 401)) setError(caught);
    });
  }, [signedIn, identity]);

  const signOut = useCallback(() => {
    if (auth.kind !== 'cookie') {
      toSignIn(undefined);
      return;
    }
    endCookieSession(auth.session.csrfToken).then(
      () => toSignIn(undefined),
      (caught: unknown) => setError(caught),
    );
  }, [auth, toSignIn]);

  const signIn = async (token: string) => {
    saveToken(token);
    try {
      const loaded = await loadIdentity();
      setError(undefined);
      setIdentity(loaded);
      setAuth({ kind: 'token' });
    } catch (caught) {
      clearToken();
      throw caught;
    }
  };

  if (auth.kind === 'checking') {
    return (
      <main className="sign-in" id="main">
        <Loading label={t('frame.checkingSession')} />
      </main>
    );
  }
  if (auth.kind === 'none') {
    return <SignIn onSignIn={signIn} singleSignOn={auth.singleSignOn} error={error} />;
  }
  if (identity === null) {
    return (
      <main className="sign-in" id="main">
        {error === undefined ? (
          <Loading label={t('frame.signingIn')} />
        ) : (
          <ErrorMessage error={error} />
        )}
      </main>
    );
  }
  return (
    <SessionProvider
      me={identity.me}
      spaces={identity.spaces}
      person={personOf(auth, identity.me)}
      signOut={signOut}
    >
      <NoticeProvider>
        <Layout>
          <Routes />
        </Layout>
      </NoticeProvider>
    </SessionProvider>
  );
}
