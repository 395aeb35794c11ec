/**
 * The frame of every page: skip link, header with space and role, navigation, main. On small
 * screens the header is the brand and a menu button; the navigation, the space switcher and
 * the account's controls open below it.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../router.js';
import { useSession } from '../session/SessionContext.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { SpaceSwitcher } from './SpaceSwitcher.js';

/**
 * Each entry's label is `nav.<key>` in the common strings; `also` lists the other paths of an
 * entry's area (the insights area's four views sit under one entry).
 */
const NAV: Array<{ to: string; key: string; also?: readonly string[] }> = [
  { to: '/', key: 'dashboard' },
  { to: '/accounts', key: 'accounts' },
  { to: '/apps', key: 'apps' },
  { to: '/catalog', key: 'catalog' },
  { to: '/users', key: 'users' },
  { to: '/groups', key: 'groups' },
  { to: '/devices', key: 'devices' },
  { to: '/notifications', key: 'notifications' },
  { to: '/activity', key: 'activity' },
  { to: '/costs', key: 'insights', also: ['/reclaim', '/waitlist', '/drift'] },
  { to: '/settings', key: 'settings' },
];

const NAV_ID = 'main-navigation';
const TOOLS_ID = 'account-tools';

function isCurrent(item: { to: string; also?: readonly string[] }, pathname: string): boolean {
  if (item.to === '/') return pathname === '/';
  return [item.to, ...(item.also ?? [])].some(
    (to) => pathname === to || pathname.startsWith(`${to}/`),
  );
}

/** The small screens' menu: open or closed, closed again by a navigation or Escape. */
function useMenu(pathname: string): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const close = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('keydown', close);
    return () => document.removeEventListener('keydown', close);
  }, [open]);
  return [open, setOpen];
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { person, signOut } = useSession();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useMenu(pathname);
  return (
    <div className={`shell${menuOpen ? ' menu-open' : ''}`}>
      <a className="skip-link" href="#main">
        {t('frame.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Allot
        </Link>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls={`${NAV_ID} ${TOOLS_ID}`}
          aria-label={menuOpen ? t('frame.closeMenu') : t('frame.openMenu')}
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <span aria-hidden="true">{menuOpen ? '✕' : '☰'}</span> {t('frame.menu')}
        </button>
        <div className="topbar-right" id={TOOLS_ID}>
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
      <nav className="sidenav" id={NAV_ID} aria-label={t('frame.mainNavigation')}>
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <Link to={item.to} aria-current={isCurrent(item, pathname) ? 'page' : undefined}>
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
