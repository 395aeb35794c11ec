/**
 * Deleting a catalog app (R-V2, R-V5): what it will do is read first from the read-only
 * deletion preview, so the administrator sees the licences revoked and the assignments
 * removed before confirming.
 */
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { Dialog } from '../../components/Dialog.js';
import { useAction } from '../../hooks/useAction.js';
import { ErrorMessage, Loading } from '../../components/State.js';
import { formatCount } from '../../format.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';
import type { CatalogEntry, DeletionPreview } from './types.js';

function Consequences({ preview }: { preview: DeletionPreview }) {
  const { t } = useTranslation('apps');
  const { spaces } = useSession();
  const spaceNames = preview.delegatedSpaceIds.map(
    (id) => spaces.find((s) => s.id === id)?.name ?? id,
  );
  return (
    <ul className="deletion-preview" aria-label={t('delete.previewLabel')}>
      <li>
        {t('delete.licences', {
          count: preview.licensesToRevoke,
          n: formatCount(preview.licensesToRevoke),
        })}
      </li>
      <li>
        {t('delete.assignments', {
          count: preview.assignments,
          n: formatCount(preview.assignments),
        })}
      </li>
      <li>{t('delete.installs', { count: preview.installs, n: formatCount(preview.installs) })}</li>
      {preview.distributionEntries > 0 && (
        <li>
          {t('delete.distribution', {
            count: preview.distributionEntries,
            n: formatCount(preview.distributionEntries),
          })}
        </li>
      )}
      {spaceNames.length > 0 && (
        <li>{t('delete.delegations', { spaces: spaceNames.join(', ') })}</li>
      )}
    </ul>
  );
}

export function DeleteCatalogAppDialog(props: {
  app: CatalogEntry;
  onDeleted: (revokedLicenses: number) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('apps');
  const { app } = props;
  const path = `/catalog-apps/${encodeURIComponent(app.id)}`;
  const preview = useResource<DeletionPreview>(`${path}/deletion-preview`);
  const blocked = preview.data?.blockedBy ?? null;
  const action = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      const result = await api.delete<{ revokedLicenses: number }>(path);
      props.onDeleted(result.revokedLicenses);
    });
    if (ok) props.onClose();
  };

  return (
    <Dialog title={t('delete.title', { name: app.name })} onClose={props.onClose}>
      <form onSubmit={(event) => void submit(event)}>
        {preview.data === undefined ? (
          preview.error === undefined ? (
            <Loading label={t('delete.checking')} />
          ) : (
            <ErrorMessage error={preview.error} />
          )
        ) : blocked !== null ? (
          <p className="error">{blocked.message}</p>
        ) : (
          <>
            <p>{t('delete.intro')}</p>
            <Consequences preview={preview.data} />
          </>
        )}
        <ErrorMessage error={action.error} />
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button
            type="submit"
            className="danger"
            disabled={action.busy || preview.data === undefined || blocked !== null}
          >
            {action.busy ? t('delete.deleting') : t('delete.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
