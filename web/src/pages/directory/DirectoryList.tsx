/**
 * The scaffold of a directory list (users, devices): a title with add and CSV import, a search
 * and select filters kept in the URL, and a table sorted and paged by the server in the space
 * the header's switcher chose.
 */
import { useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import type { Space } from '../../api/types.js';
import { DataTable, type DataTableProps } from '../../components/DataTable.js';
import { SelectField } from '../../components/Field.js';
import { PagedList } from '../../components/PagedList.js';
import { PageTitle } from '../../components/Section.js';
import { SearchBox } from '../../components/SearchBox.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useLocation, useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { LazyImportDialog } from './LazyImportDialog.js';
import { useSortInUrl, useSpaceInUrl } from '../../hooks/useListInUrl.js';
import './directory.css';

/** A select filter: its query parameter (in the page's URL and the API's alike) and choices. */
export interface ListFilter {
  param: string;
  label: string;
  options: Array<{ value: string; label: string }>;
}

export interface DirectoryListProps<T extends { id: string }> {
  /** `users` or `devices`: the API path, the import's kind and the texts' prefix. */
  kind: 'users' | 'devices';
  /** The columns, given the spaces to name when the list spans several. */
  useColumns: (spaces: Space[]) => DataTableProps<T>['columns'];
  filters: ListFilter[];
  addLabel: string;
  AddDialog: ComponentType<{ onClose: () => void }>;
}

function Filters(props: { kind: 'users' | 'devices'; filters: ListFilter[] }) {
  const { t } = useTranslation('directory');
  const [q, setQ] = useQueryParam('q');
  return (
    <div className="filters">
      <SearchBox
        label={t(`${props.kind}.search`)}
        value={q}
        onSearch={setQ}
        placeholder={t(`${props.kind}.searchHint`)}
      />
      {props.filters.map((filter) => (
        <SelectFilter key={filter.param} filter={filter} />
      ))}
    </div>
  );
}

function SelectFilter({ filter }: { filter: ListFilter }) {
  const { t } = useTranslation('directory');
  const [value, setValue] = useQueryParam(filter.param);
  return (
    <SelectField label={filter.label} value={value} onValue={setValue}>
      <option value="">{t('filter.any')}</option>
      {filter.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </SelectField>
  );
}

/** The URL's values of the filters' parameters, in the filters' order. */
function useFilterValues(filters: ListFilter[]): Record<string, string> {
  const { search } = useLocation();
  return Object.fromEntries(filters.map((f) => [f.param, search.get(f.param) ?? '']));
}

export function DirectoryList<T extends { id: string }>(props: DirectoryListProps<T>) {
  const { kind, AddDialog } = props;
  const { t } = useTranslation('directory');
  const { spaces, can } = useSession();
  const spaceId = useSpaceInUrl();
  const [sort, sortText, setSort] = useSortInUrl();
  const [q] = useQueryParam('q');
  const values = useFilterValues(props.filters);
  const [dialog, setDialog] = useState<'add' | 'import' | null>(null);
  const paged = usePaged<T>(
    withQuery(`/${kind}`, { q, spaceId, ...values, sort: sortText, limit: 50 }),
  );
  const columns = props.useColumns(spaceId === undefined ? spaces : []);
  const filtered = q !== '' || Object.values(values).some((v) => v !== '');
  return (
    <>
      <PageTitle
        actions={
          can('directory:write') && (
            <div className="directory-toolbar">
              <button type="button" className="primary" onClick={() => setDialog('add')}>
                {props.addLabel}
              </button>
              <button type="button" onClick={() => setDialog('import')}>
                {t(kind === 'users' ? 'import.openUsers' : 'import.openDevices')}
              </button>
            </div>
          )
        }
      >
        {t(`${kind}.title`)}
      </PageTitle>
      <Filters kind={kind} filters={props.filters} />
      <PagedList paged={paged} empty={filtered ? t(`${kind}.noMatch`) : t(`${kind}.none`)}>
        {(rows) => (
          <DataTable
            caption={t(`${kind}.title`)}
            columns={columns}
            rows={rows}
            rowId={(row) => row.id}
            sort={sort}
            onSort={setSort}
          />
        )}
      </PagedList>
      {dialog === 'add' && <AddDialog onClose={() => setDialog(null)} />}
      {dialog === 'import' && <LazyImportDialog kind={kind} onClose={() => setDialog(null)} />}
    </>
  );
}
