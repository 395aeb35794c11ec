/** Offers a bought product in the catalog, then opens its app page. */
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { CatalogApp } from '../../api/types.js';
import { ErrorMessage } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { navigate } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';

export function AddToCatalogButton(props: { productId: string; name: string }) {
  const { t } = useTranslation('apps');
  const { spaceId } = useSession();
  const action = useAction();
  const add = () =>
    void action.run(async () => {
      const app = await api.post<CatalogApp>('/catalog-apps', {
        productId: props.productId,
        ...(spaceId === undefined ? {} : { spaceId }),
      });
      navigate(`/apps/${encodeURIComponent(app.id)}`);
    });
  return (
    <>
      <button type="button" className="small-button" onClick={add} disabled={action.busy}>
        {t('add.addToCatalog', { name: props.name })}
      </button>
      <ErrorMessage error={action.error} />
    </>
  );
}
