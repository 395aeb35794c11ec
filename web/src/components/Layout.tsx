/** The frame of every page: skip link, header with space and role, navigation, main. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../router.js';
import { useSession } from '../session/SessionContext.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { SpaceSwitcher } from './SpaceSwitcher.js';

/** Each entry's label is `nav.<key>` in the common strings. */
const NAV: Array<{ to: string; key: string }> = [
  { to: '/', key: 'dashboard' },
  { to: '/accounts', key: 'accounts' },
  { to: '/apps', key: 'apps' },
  { to: '/catalog', key: 'catalog' },
  { to: '/users', key: 'users' },
  { to: '/groups', key: 'groups' },
  { to: '/devices', key: 'devices' },
  { to: '/notifications', key: 'notifications' },
  { to: '/activity', key: 'activity' },
  { to: '/settings', key: 'settings' },
];

function isCurrent(to: string, pathname: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { person, signOut } = useSession();
  const { pathname } = useLocation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('frame.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Allot
        </Link>
        <div className="topbar-right">
          <SpaceSwitcher />
          <span className="who" title={person.title}>
            {person.name} · {t(`role.${person.role}`)}
          </span>
          <LanguageSwitch />
          <button type="button" onClick={signOut}>
            {t('frame.signOut')}
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label={t('frame.mainNavigation')}>
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <Link to={item.to} aria-current={isCurrent(item.to, pathname) ? 'page' : undefined}>
                {t(`nav.${item.key}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
