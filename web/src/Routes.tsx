/** The console's pages by path; focus moves to the new page's title after navigation. */
import { lazy, Suspense, useEffect, useRef, type ComponentType, type ReactNode } from 'react';
import { matchPath, useLocation } from './router.js';
import { NotFound } from './pages/NotFound.js';
import { Loading } from './components/State.js';
import { focusTitleAfterNavigation } from './components/Section.js';

// One chunk per area, loaded when first visited: the first page loads only what it shows.
function page<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => ({ default: await load() }));
}
const Dashboard = page(() => import('./pages/dashboard/Dashboard.js').then((m) => m.Dashboard));
const AccountsPage = page(() =>
  import('./pages/accounts/AccountsPage.js').then((m) => m.AccountsPage),
);
const AppsPage = page(() => import('./pages/apps/AppsPage.js').then((m) => m.AppsPage));
const AppPage = page(() => import('./pages/apps/AppPage.js').then((m) => m.AppPage));
const ProductPage = page(() => import('./pages/apps/ProductPage.js').then((m) => m.ProductPage));
const UsersPage = page(() => import('./pages/directory/UsersPage.js').then((m) => m.UsersPage));
const UserPage = page(() => import('./pages/directory/UserPage.js').then((m) => m.UserPage));
const DevicesPage = page(() =>
  import('./pages/directory/DevicesPage.js').then((m) => m.DevicesPage),
);
const DevicePage = page(() => import('./pages/directory/DevicePage.js').then((m) => m.DevicePage));
const GroupsPage = page(() => import('./pages/directory/GroupsPage.js').then((m) => m.GroupsPage));
const GroupPage = page(() => import('./pages/directory/GroupPage.js').then((m) => m.GroupPage));
const CatalogPage = page(() => import('./pages/apps/CatalogPage.js').then((m) => m.CatalogPage));
const SettingsPage = page(() =>
  import('./pages/settings/SettingsPage.js').then((m) => m.SettingsPage),
);
const ActivityPage = page(() =>
  import('./pages/monitoring/ActivityPage.js').then((m) => m.ActivityPage),
);
const NotificationsPage = page(() =>
  import('./pages/monitoring/NotificationsPage.js').then((m) => m.NotificationsPage),
);
// The insights area's four views share one chunk.
const insights = () => import('./pages/insights/index.js');
const CostsPage = page(() => insights().then((m) => m.CostsPage));
const ReclaimPage = page(() => insights().then((m) => m.ReclaimPage));
const WaitlistPage = page(() => insights().then((m) => m.WaitlistPage));
const DriftPage = page(() => insights().then((m) => m.DriftPage));

const ROUTES: Array<[string, (params: Record<string, string>) => ReactNode]> = [
  ['/', () => <Dashboard />],
  ['/accounts', () => <AccountsPage />],
  ['/apps', () => <AppsPage />],
  ['/apps/:id', (p) => <AppPage key={p.id} id={p.id!} />],
  ['/products/:id', (p) => <ProductPage key={p.id} id={p.id!} />],
  ['/users', () => <UsersPage />],
  ['/users/:id', (p) => <UserPage key={p.id} id={p.id!} />],
  ['/groups', () => <GroupsPage />],
  ['/groups/:id', (p) => <GroupPage key={p.id} id={p.id!} />],
  ['/catalog', () => <CatalogPage />],
  ['/devices', () => <DevicesPage />],
  ['/devices/:id', (p) => <DevicePage key={p.id} id={p.id!} />],
  ['/notifications', () => <NotificationsPage />],
  ['/activity', () => <ActivityPage />],
  ['/costs', () => <CostsPage />],
  ['/reclaim', () => <ReclaimPage />],
  ['/waitlist', () => <WaitlistPage />],
  ['/drift', () => <DriftPage />],
  ['/settings', () => <SettingsPage />],
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
    focusTitleAfterNavigation();
  }, [pathname]);

  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, pathname);
    if (params !== null) {
      // A boundary per route: the page left is unmounted, not kept hidden while the next loads.
      return (
        <Suspense key={pattern} fallback={<Loading />}>
          {render(params)}
        </Suspense>
      );
    }
  }
  return <NotFound />;
}
