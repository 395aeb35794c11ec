import type { ReactNode } from 'react';
import type { Page } from '../api/types.js';
import type { Paged } from '../hooks/usePaged.js';
import { LoadMore } from './LoadMore.js';
import { Empty, ErrorMessage, Loading } from './State.js';

/** A paged list with its loading, error and empty states and a "Load more" button. */
export function PagedList<T, P extends Page<T>>(props: {
  paged: Paged<T, P>;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  const { items, error, loading, nextCursor, loadMore } = props.paged;
  return (
    <>
      <ErrorMessage error={error} />
      {items === undefined ? (
        loading && <Loading />
      ) : items.length === 0 ? (
        <Empty>{props.empty}</Empty>
      ) : (
        <>
          {props.children(items)}
          <LoadMore cursor={nextCursor} busy={loading} onMore={loadMore} />
        </>
      )}
    </>
  );
}
