/** Times in the browser's locale, with the exact moment on hover. */
import { formatDate, formatDateTime, formatRelative, formatShort } from '../format.js';

export function Time({ iso, dateOnly = false }: { iso: string | null; dateOnly?: boolean }) {
  if (iso === null) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {dateOnly ? formatDate(iso) : formatDateTime(iso)}
    </time>
  );
}

/** "as of <last sync>": every count from a store is only as fresh as its last sync. */
export function AsOf({ iso, compact = false }: { iso: string | null; compact?: boolean }) {
  if (iso === null) return <span className="as-of muted">not synced yet</span>;
  if (compact) {
    return (
      <span className="as-of muted">
        as of{' '}
        <time dateTime={iso} title={formatDateTime(iso)}>
          {formatShort(iso)}
        </time>
      </span>
    );
  }
  return (
    <span className="as-of muted">
      as of{' '}
      <time dateTime={iso} title={formatDateTime(iso)}>
        {formatDateTime(iso)} ({formatRelative(iso)})
      </time>
    </span>
  );
}
