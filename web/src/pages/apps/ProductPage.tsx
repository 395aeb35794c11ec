/**
 * A product by ID (the subject of usage notifications): opens its catalog app, or shows its
 * pools and offers to add it to the catalog.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../api/types.js';
import { PageTitle, Section } from '../../components/Section.js';
import { Loaded } from '../../components/State.js';
import { UsageBar } from '../../components/UsageBar.js';
import { useResource } from '../../hooks/useResource.js';
import { navigate } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { AddToCatalogButton } from './AddToCatalogButton.js';
import { useCatalogIndex } from './useCatalogIndex.js';

export function ProductPage({ id }: { id: string }) {
  const { t } = useTranslation('apps');
  const { can } = useSession();
  const { catalog, byProduct } = useCatalogIndex();
  const app = byProduct.get(id);
  const product = useResource<Product>(`/products/${encodeURIComponent(id)}`);

  useEffect(() => {
    if (app !== undefined) navigate(`/apps/${encodeURIComponent(app.id)}`, { replace: true });
  }, [app]);

  // Until the catalog says whether the app is there, the page would show the product and then
  // jump to the app: it shows neither.
  const resolving =
    app !== undefined || (catalog.data === undefined && catalog.error === undefined);
  if (resolving) return <p aria-busy="true">{t('loading')}</p>;

  return (
    <>
      <PageTitle>{product.data?.name ?? t('product.app')}</PageTitle>
      <Loaded resource={product} label={t('loading')}>
        {(p) => (
          <Section title={t('product.perAccount')}>
            {catalog.data !== undefined && app === undefined && (
              <p>
                {t('product.notInCatalog')}{' '}
                {can('catalog:write') && <AddToCatalogButton productId={p.id} name={p.name} />}
              </p>
            )}
            <ul className="usage-list">
              {p.pools.map((pool) => (
                <li key={pool.accountId}>
                  <span className="usage-name">{pool.accountName}</span>
                  <UsageBar
                    label={t('usage.appAt', { app: p.name, account: pool.accountName })}
                    inUse={pool.inUse}
                    total={pool.total ?? 0}
                    reserved={pool.reserved}
                    unlimited={pool.unlimited}
                    asOf={pool.asOf}
                  />
                </li>
              ))}
            </ul>
          </Section>
        )}
      </Loaded>
    </>
  );
}
