/**
 * The console's one table: TanStack Table over rows the server already sorted, filtered and
 * paged. A sortable column's header is a button that asks the page for another order
 * (`sort`/`onSort`, kept in the URL by the page and sent to the API); the table itself never
 * reorders what it was given. The first column is the row's header (`th scope="row"`).
 *
 *   const columns = [
 *     column.accessor('name', { header: t('name'), enableSorting: true, cell: (c) => … }),
 *     column.accessor('lastCheckInAt', { header: …, meta: { align: 'end' } }),
 *   ];
 *   <DataTable caption={t('devices')} columns={columns} rows={items} rowId={(d) => d.id}
 *     sort={sort} onSort={setSort} />
 */
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type RowData,
  type SortingState,
} from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Numbers and times line up on the right. */
    align?: 'end';
  }
}

export { createColumnHelper };

/** A server order: the column's id and its direction; null for the server's default order. */
export interface TableSort {
  column: string;
  descending: boolean;
}

/** `name` / `-name` in a URL or an API query. */
export function sortParam(sort: TableSort | null): string {
  return sort === null ? '' : `${sort.descending ? '-' : ''}${sort.column}`;
}

export function parseSort(value: string): TableSort | null {
  if (value === '') return null;
  return value.startsWith('-')
    ? { column: value.slice(1), descending: true }
    : { column: value, descending: false };
}

export interface DataTableProps<T> {
  /** The table's accessible name (a visually hidden caption). */
  caption: string;
  // Column value types differ per column, as TanStack's own helpers type them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: Array<ColumnDef<T, any>>;
  rows: T[];
  rowId: (row: T) => string;
  sort?: TableSort | null;
  onSort?: (sort: TableSort | null) => void;
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { t } = useTranslation();
  const sorting: SortingState =
    props.sort == null ? [] : [{ id: props.sort.column, desc: props.sort.descending }];
  const table = useReactTable({
    data: props.rows,
    columns: props.columns,
    getRowId: props.rowId,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableSortingRemoval: true,
    enableSorting: props.onSort !== undefined,
    state: { sorting },
    onSortingChange: (update) => {
      const next = typeof update === 'function' ? update(sorting) : update;
      const first = next[0];
      props.onSort?.(first === undefined ? null : { column: first.id, descending: first.desc });
    },
  });
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const { column } = header;
                const direction = column.getIsSorted();
                const title = flexRender(column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={column.columnDef.meta?.align === 'end' ? 'numeric' : undefined}
                    aria-sort={
                      direction === 'asc'
                        ? 'ascending'
                        : direction === 'desc'
                          ? 'descending'
                          : undefined
                    }
                  >
                    {column.getCanSort() ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={column.getToggleSortingHandler()}
                        title={t('table.sortBy')}
                      >
                        {title}
                        <span aria-hidden="true" className="sort-mark">
                          {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}
                        </span>
                      </button>
                    ) : (
                      title
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell, index) => {
                const content = flexRender(cell.column.columnDef.cell, cell.getContext());
                const className =
                  cell.column.columnDef.meta?.align === 'end' ? 'numeric' : undefined;
                return index === 0 ? (
                  <th key={cell.id} scope="row" className={className}>
                    {content}
                  </th>
                ) : (
                  <td key={cell.id} className={className}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
