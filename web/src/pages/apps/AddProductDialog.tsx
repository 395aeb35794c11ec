/** Finds a bought product (any store) and offers it in the catalog of the space. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client.js';
import type { CatalogApp, Page, Product } from '../../api/types.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { useDebounced } from '../../hooks/useDebounced.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';
import { useCatalogIndex } from './useCatalogIndex.js';

export function AddProductDialog(props: {
  onAdded: (app: CatalogApp) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('apps');
  const { spaceId } = useSession();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const products = useResource<Page<Product & { store?: string }>>(
    withQuery('/products', { q, limit: 20 }),
  );
  const { byProduct } = useCatalogIndex();
  const action = useAction();
  const [added, setAdded] = useState<string[]>([]);

  const add = (product: Product) =>
    void action.run(async () => {
      const app = await api.post<CatalogApp>('/catalog-apps', {
        productId: product.id,
        ...(spaceId === undefined ? {} : { spaceId }),
      });
      setAdded((list) => [...list, product.id]);
      props.onAdded(app);
    });

  const items = products.data?.items ?? [];
  return (
    <Dialog title={t('add.title')} onClose={props.onClose} wide>
      <label className="field">
        <span>{t('add.search')}</span>
        <input
          type="search"
          value={text}
          placeholder={t('add.searchPlaceholder')}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <ErrorMessage error={action.error ?? products.error} />
      {items.length === 0 && !products.loading ? (
        <p className="muted">{t('add.none')}</p>
      ) : (
        <ul className="product-results" aria-label={t('add.results')}>
          {items.map((p) => {
            const inCatalog = byProduct.has(p.id) || added.includes(p.id);
            return (
              <li key={p.id}>
                <span>
                  <strong>{p.name}</strong>{' '}
                  <span className="muted small">
                    {t(`store.${p.store ?? 'apple'}`, { defaultValue: p.store })}
                    {p.bundleId !== null && ` · ${p.bundleId}`}
                  </span>
                </span>
                {inCatalog ? (
                  <span className="muted small">{t('add.inCatalog')}</span>
                ) : (
                  <button
                    type="button"
                    className="small-button"
                    disabled={action.busy}
                    aria-label={t('add.addNamed', { name: p.name })}
                    onClick={() => add(p)}
                  >
                    {t('add.add')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('close')}
        </button>
      </div>
    </Dialog>
  );
}
