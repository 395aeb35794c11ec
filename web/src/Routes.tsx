/** The console's pages by path; focus moves to the new page's title after navigation. */
import { useEffect, useRef, type ReactNode } from 'react';
import { matchPath, useLocation } from './router.js';
import { AccountsPage } from './pages/accounts/AccountsPage.js';
import { AppPage } from './pages/apps/AppPage.js';
import { AppsPage } from './pages/apps/AppsPage.js';
import { ProductPage } from './pages/apps/ProductPage.js';
import { Dashboard } from './pages/dashboard/Dashboard.js';
import { DevicePage } from './pages/directory/DevicePage.js';
import { DevicesPage } from './pages/directory/DevicesPage.js';
import { UserPage } from './pages/directory/UserPage.js';
import { UsersPage } from './pages/directory/UsersPage.js';
import { ActivityPage } from './pages/monitoring/ActivityPage.js';
import { NotificationsPage } from './pages/monitoring/NotificationsPage.js';
import { NotFound } from './pages/NotFound.js';

const ROUTES: Array<[string, (params: Record<string, string>) => ReactNode]> = [
  ['/', () => <Dashboard />],
  ['/accounts', () => <AccountsPage />],
  ['/apps', () => <AppsPage />],
  ['/apps/:id', (p) => <AppPage key={p.id} id={p.id!} />],
  ['/products/:id', (p) => <ProductPage key={p.id} id={p.id!} />],
  ['/users', () => <UsersPage />],
  ['/users/:id', (p) => <UserPage key={p.id} id={p.id!} />],
  ['/devices', () => <DevicesPage />],
  ['/devices/:id', (p) => <DevicePage key={p.id} id={p.id!} />],
  ['/notifications', () => <NotificationsPage />],
  ['/activity', () => <ActivityPage />],
];

export function Routes() {
  const { pathname } = useLocation();
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    document.getElementById('page-title')?.focus();
  }, [pathname]);

  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, pathname);
    if (params !== null) return render(params);
  }
  return <NotFound />;
}
