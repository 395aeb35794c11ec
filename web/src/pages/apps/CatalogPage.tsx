/**
 * The catalog of the space: every app offered, with or without licences, searchable; adding a
 * bought product, editing an app's install settings and delegations, deleting an app after
 * seeing what that does.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import type { ProductUsage } from '../../api/types.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useNotify } from '../../components/Notices.js';
import { PageTitle } from '../../components/Section.js';
import { SearchBox } from '../../components/SearchBox.js';
import { Empty, ErrorMessage, Loading } from '../../components/State.js';
import { formatCount } from '../../format.js';
import { usePaged } from '../../hooks/usePaged.js';
import { Link, useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { AddProductDialog } from './AddProductDialog.js';
import { DeleteCatalogAppDialog } from './DeleteCatalogAppDialog.js';
import { EditCatalogAppDialog } from './EditCatalogAppDialog.js';
import type { CatalogEntry } from './types.js';
import { useAllPages } from './useAllPages.js';
import './apps.css';

const column = createColumnHelper<CatalogEntry>();

type Open = { kind: 'add' } | { kind: 'edit' | 'delete'; app: CatalogEntry } | null;

function LicenceCell({ usage }: { usage: ProductUsage | undefined }) {
  const { t } = useTranslation('apps');
  const none =
    usage === undefined || (usage.available !== null && usage.total === 0 && usage.inUse === 0);
  if (none) return <span className="muted">{t('catalog.noLicences')}</span>;
  if (usage.available === null)
    return <>{t('licences.freeInUse', { inUse: formatCount(usage.inUse) })}</>;
  return (
    <>
      {t('catalog.licences', { inUse: formatCount(usage.inUse), total: formatCount(usage.total) })}
    </>
  );
}

export function CatalogPage() {
  const { t } = useTranslation('apps');
  const { spaceId, spaces, can } = useSession();
  const canWrite = can('catalog:write');
  const notify = useNotify();
  const [q, setQ] = useQueryParam('q');
  const [open, setOpen] = useState<Open>(null);
  const paged = usePaged<CatalogEntry>(withQuery('/catalog-apps', { spaceId, q, limit: 50 }));
  const overview = useAllPages<ProductUsage>(
    withQuery('/licenses/overview', { spaceId, sort: 'name' }),
  );
  const usage = useMemo(
    () => new Map((overview.data ?? []).map((p) => [p.productId, p])),
    [overview.data],
  );
  const spaceName = (id: string) => spaces.find((s) => s.id === id)?.name ?? id;

  const columns = [
    column.accessor('name', {
      header: t('catalog.app'),
      cell: (c) => (
        <Link to={`/apps/${encodeURIComponent(c.row.original.id)}`}>{c.getValue()}</Link>
      ),
    }),
    column.accessor('store', {
      header: t('catalog.store'),
      cell: (c) => t(`store.${c.getValue()}`, { defaultValue: c.getValue() }),
    }),
    column.accessor('bundleId', {
      header: t('catalog.bundleId'),
      cell: (c) => <code className="small">{c.getValue() ?? '—'}</code>,
    }),
    column.display({
      id: 'licences',
      header: t('catalog.licencesHeader'),
      meta: { align: 'end' },
      cell: (c) => <LicenceCell usage={usage.get(c.row.original.productId)} />,
    }),
    column.accessor('installOnDevice', {
      header: t('catalog.installOnDevice'),
      cell: (c) => (c.getValue() ? t('yes') : t('no')),
    }),
    column.accessor('updateMode', {
      header: t('catalog.updateMode'),
      cell: (c) => t(`updateMode.${c.getValue()}`),
    }),
    ...(spaces.length > 1
      ? [
          column.accessor('delegatedSpaceIds', {
            header: t('catalog.delegatedTo'),
            cell: (c) =>
              c.getValue().length === 0 ? (
                <span className="muted">—</span>
              ) : (
                c.getValue().map(spaceName).join(', ')
              ),
          }),
        ]
      : []),
    ...(canWrite
      ? [
          column.display({
            id: 'actions',
            header: t('catalog.actions'),
            cell: (c) => (
              <span className="row-actions">
                <button
                  type="button"
                  className="small-button"
                  aria-label={t('catalog.editApp', { name: c.row.original.name })}
                  onClick={() => setOpen({ kind: 'edit', app: c.row.original })}
                >
                  {t('catalog.edit')}
                </button>
                <button
                  type="button"
                  className="small-button danger"
                  aria-label={t('catalog.deleteApp', { name: c.row.original.name })}
                  onClick={() => setOpen({ kind: 'delete', app: c.row.original })}
                >
                  {t('catalog.delete')}
                </button>
              </span>
            ),
          }),
        ]
      : []),
  ];

  return (
    <>
      <PageTitle
        subtitle={t('catalog.subtitle')}
        actions={
          canWrite && (
            <button type="button" className="primary" onClick={() => setOpen({ kind: 'add' })}>
              {t('catalog.addProduct')}
            </button>
          )
        }
      >
        {t('catalog.title')}
      </PageTitle>
      <div className="filters">
        <SearchBox
          label={t('catalog.search')}
          value={q}
          onSearch={setQ}
          placeholder={t('catalog.searchPlaceholder')}
        />
      </div>
      <ErrorMessage error={paged.error ?? overview.error} />
      {paged.items === undefined ? (
        paged.loading && <Loading label={t('catalog.loading')} />
      ) : paged.items.length === 0 ? (
        <Empty>{q === '' ? t('catalog.empty') : t('catalog.noMatch', { q })}</Empty>
      ) : (
        <>
          <DataTable
            caption={t('catalog.caption')}
            columns={columns}
            rows={paged.items}
            rowId={(a) => a.id}
          />
          <LoadMore cursor={paged.nextCursor} busy={paged.loading} onMore={paged.loadMore} />
        </>
      )}
      {open?.kind === 'add' && (
        <AddProductDialog
          onClose={() => setOpen(null)}
          onAdded={(app) => notify(t('catalog.added', { name: app.name }))}
        />
      )}
      {open?.kind === 'edit' && (
        <EditCatalogAppDialog
          app={open.app}
          onClose={() => setOpen(null)}
          onSaved={() => {
            setOpen(null);
            notify(t('edit.saved', { name: open.app.name }));
          }}
        />
      )}
      {open?.kind === 'delete' && (
        <DeleteCatalogAppDialog
          app={open.app}
          onClose={() => setOpen(null)}
          onDeleted={(revoked) => notify(t('delete.done', { name: open.app.name, count: revoked }))}
        />
      )}
    </>
  );
}
