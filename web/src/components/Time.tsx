/** Times in the browser's locale, with the exact moment on hover. */
import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  if (iso === null) return <span className="as-of muted">{t('time.notSynced')}</span>;
  const moment = <time dateTime={iso} title={formatDateTime(iso)} />;
  return (
    <span className="as-of muted">
      {compact ? (
        <Trans i18nKey="time.asOf" values={{ time: formatShort(iso) }} components={[moment]} />
      ) : (
        <Trans
          i18nKey="time.asOfRelative"
          values={{ time: formatDateTime(iso), relative: formatRelative(iso) }}
          components={[moment]}
        />
      )}
    </span>
  );
}
