/** The frame of every page: skip link, header with space and role, navigation, main. */
import type { ReactNode } from 'react';
import { humanize } from '../format.js';
import { Link, useLocation } from '../router.js';
import { useSession } from '../session/SessionContext.js';
import { SpaceSwitcher } from './SpaceSwitcher.js';

const NAV: Array<{ to: string; label: string }> = [
  { to: '/', label: 'Dashboard' },
  { to: '/accounts', label: 'Store accounts' },
  { to: '/apps', label: 'Apps and licences' },
  { to: '/users', label: 'Users' },
  { to: '/devices', label: 'Devices' },
  { to: '/notifications', label: 'Notifications' },
  { to: '/activity', label: 'Activity' },
];

function isCurrent(to: string, pathname: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

export function Layout({ children }: { children: ReactNode }) {
  const { person, signOut } = useSession();
  const { pathname } = useLocation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Allot
        </Link>
        <div className="topbar-right">
          <SpaceSwitcher />
          <span className="who" title={person.title}>
            {person.name} · {humanize(person.role)}
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <Link to={item.to} aria-current={isCurrent(item.to, pathname) ? 'page' : undefined}>
                {item.label}
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
