import { useTranslation } from 'react-i18next';

/** A "Load more" button for cursor-paged lists. */
export function LoadMore(props: { cursor: string | null; busy: boolean; onMore: () => void }) {
  const { t } = useTranslation();
  if (props.cursor === null) return null;
  return (
    <div className="load-more">
      <button type="button" onClick={props.onMore} disabled={props.busy}>
        {props.busy ? t('action.loading') : t('action.loadMore')}
      </button>
    </div>
  );
}
