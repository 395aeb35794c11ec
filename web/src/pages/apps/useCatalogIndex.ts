/** Which catalog app offers each product in the space shown (the overview is per product). */
import { withQuery } from '../../api/client.js';
import type { CatalogApp } from '../../api/types.js';
import { useSession } from '../../session/SessionContext.js';
import { useAllPages } from './useAllPages.js';

export function useCatalogIndex() {
  const { spaceId, spaces } = useSession();
  const catalog = useAllPages<CatalogApp>(withQuery('/catalog-apps', { spaceId }));
  const defaultSpace = spaces.find((s) => s.isDefault)?.id;
  const byProduct = new Map<string, CatalogApp>();
  for (const app of catalog.data ?? []) {
    const known = byProduct.get(app.productId);
    if (known === undefined || app.spaceId === defaultSpace) byProduct.set(app.productId, app);
  }
  return { catalog, byProduct };
}
