/** Licence usage per app, the apps closest to running out first (R-M1, R-M5 bands). */
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import type { Page, ProductUsage } from '../../api/types.js';
import { Section } from '../../components/Section.js';
import { Empty, Loaded } from '../../components/State.js';
import { UsageBar } from '../../components/UsageBar.js';
import { useResource } from '../../hooks/useResource.js';
import { Link } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';

const SHOWN = 8;

export function UsageCard() {
  const { t } = useTranslation('dashboard');
  const { spaceId } = useSession();
  const overview = useResource<Page<ProductUsage>>(
    withQuery('/licenses/overview', { spaceId, sort: 'usage', limit: SHOWN }),
  );
  return (
    <Section
      title={t('usage.title')}
      className="span-2"
      actions={<Link to="/apps">{t('usage.all')}</Link>}
    >
      <Loaded resource={overview}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{t('usage.empty')}</Empty>
          ) : (
            <ul className="usage-list">
              {page.items.map((product) => (
                <li key={product.productId}>
                  <Link
                    to={`/products/${encodeURIComponent(product.productId)}`}
                    className="usage-name"
                  >
                    {product.name}
                  </Link>
                  <UsageBar
                    label={product.name}
                    inUse={product.inUse}
                    total={product.total}
                    reserved={product.reserved}
                    unlimited={product.available === null}
                    asOf={product.asOf}
                  />
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </Section>
  );
}
