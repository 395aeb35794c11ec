/**
 * One catalog app: its licences per account (R-M4), its distribution per account (R-A3), its
 * assignments with forecasts (R-A11, R-A12) and its activity.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { CatalogApp, Product } from '../../api/types.js';
import { UsageChart } from '../../components/charts/UsageChart.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useNotify } from '../../components/Notices.js';
import { PageTitle, Section } from '../../components/Section.js';
import { Loaded } from '../../components/State.js';
import { Tabs } from '../../components/Tabs.js';
import { UsageBar } from '../../components/UsageBar.js';
import { formatMoney } from '../../format.js';
import { useResource } from '../../hooks/useResource.js';
import { useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { AppActivity } from './AppActivity.js';
import { Assignments } from './Assignments.js';
import { DistributionEditor } from './DistributionEditor.js';
import { LicenseUsage } from './LicenseUsage.js';

const TAB_KEYS = ['licenses', 'distribution', 'assignments', 'activity'] as const;

type TabKey = (typeof TAB_KEYS)[number];

function oldest(dates: Array<string | null>): string | null {
  const known = dates.filter((d): d is string => d !== null).sort();
  return known[0] ?? null;
}

/** "iOS, iPadOS, macOS": platform names as their makers write them. */
export function usePlatformNames(): (platforms: readonly string[]) => string {
  const { t } = useTranslation('apps');
  return (platforms) => platforms.map((p) => t(`platform.${p}`, { defaultValue: p })).join(', ');
}

function Summary({ product }: { product: Product }) {
  const { t } = useTranslation('apps');
  const platformNames = usePlatformNames();
  const total = product.pools.reduce((sum, p) => sum + (p.total ?? 0), 0);
  const inUse = product.pools.reduce((sum, p) => sum + p.inUse, 0);
  const reserved = product.pools.reduce((sum, p) => sum + p.reserved, 0);
  const unlimited = product.pools.length > 0 && product.pools.every((p) => p.unlimited);
  return (
    <div className="app-summary card">
      <UsageBar
        label={product.name}
        inUse={inUse}
        total={total}
        reserved={reserved}
        unlimited={unlimited}
        asOf={oldest(product.pools.map((p) => p.asOf))}
      />
      <p className="small muted">
        {product.bundleId ?? t('app.noBundleId')} ·{' '}
        {t('app.version', { version: product.version ?? '—' })} ·{' '}
        {platformNames(product.platforms) || t('app.noPlatform')} ·{' '}
        {unlimited
          ? t('licences.free')
          : t('app.costPerLicence', { cost: formatMoney(product.costPerLicense) })}
        {product.deviceAssignable ? '' : ` · ${t('app.userOnly')}`}
      </p>
    </div>
  );
}

export function AppPage({ id }: { id: string }) {
  // The chart's and the previews' words are loaded with the page, not when a tab first shows
  // them (which would suspend the page under it).
  const { t } = useTranslation(['apps', 'charts', 'whatIf']);
  const TABS = TAB_KEYS.map((key) => ({ key, label: t(`app.tab.${key}`) }));
  const { can } = useSession();
  const notify = useNotify();
  const app = useResource<CatalogApp>(`/catalog-apps/${encodeURIComponent(id)}`);
  const productId = app.data?.productId;
  const product = useResource<Product>(
    productId === undefined ? null : `/products/${encodeURIComponent(productId)}`,
  );
  const [tabParam, setTab] = useQueryParam('tab');
  const tab: TabKey = TAB_KEYS.some((k) => k === tabParam) ? (tabParam as TabKey) : 'licenses';
  const [confirmRevokeAll, setConfirmRevokeAll] = useState(false);
  const [version, setVersion] = useState(0);
  const changed = () => {
    product.reload();
    setVersion((v) => v + 1);
  };

  return (
    <Loaded resource={app} label={t('loading')}>
      {(catalogApp) => (
        <>
          <PageTitle
            subtitle={catalogApp.description ?? undefined}
            actions={
              can('licenses:write') && (
                <button type="button" className="danger" onClick={() => setConfirmRevokeAll(true)}>
                  {t('app.revokeAll')}
                </button>
              )
            }
          >
            {catalogApp.name}
          </PageTitle>
          <Loaded resource={product} label={t('loading')}>
            {(p) => (
              <>
                <Summary product={p} />
                {p.pools.some((pool) => !pool.unlimited) && (
                  <Section title={t('chart.title')} className="usage-chart-card">
                    <UsageChart filter={{ productId: p.id }} name={catalogApp.name} />
                  </Section>
                )}
              </>
            )}
          </Loaded>
          <Tabs label={t('app.sections')} tabs={TABS} selected={tab} onSelect={setTab}>
            {tab === 'licenses' && (
              <LicenseUsage key={version} app={catalogApp} onChanged={() => product.reload()} />
            )}
            {tab === 'distribution' && <DistributionEditor app={catalogApp} onChanged={changed} />}
            {tab === 'assignments' && <Assignments app={catalogApp} onChanged={changed} />}
            {tab === 'activity' && <AppActivity key={version} app={catalogApp} />}
          </Tabs>
          {confirmRevokeAll && (
            <ConfirmDialog
              title={t('app.revokeAllTitle', { name: catalogApp.name })}
              confirmLabel={t('app.revokeAllConfirm')}
              onClose={() => setConfirmRevokeAll(false)}
              onConfirm={async () => {
                const { revoked } = await api.post<{ revoked: number }>(
                  `/catalog-apps/${encodeURIComponent(catalogApp.id)}/revoke-all`,
                );
                notify(t('app.revoked', { count: revoked, name: catalogApp.name }));
                changed();
              }}
            >
              <p>{t('app.revokeAllBody')}</p>
            </ConfirmDialog>
          )}
        </>
      )}
    </Loaded>
  );
}
