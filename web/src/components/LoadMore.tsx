/** A "Load more" button for cursor-paged lists. */
export function LoadMore(props: { cursor: string | null; busy: boolean; onMore: () => void }) {
  if (props.cursor === null) return null;
  return (
    <div className="load-more">
      <button type="button" onClick={props.onMore} disabled={props.busy}>
        {props.busy ? 'Loading…' : 'Load more'}
      </button>
    </div>
  );
}
