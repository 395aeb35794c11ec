/**
 * Licence usage as a bar with the R-M5 bands marked at 50, 70 and 90 %; the fill takes the
 * colour of the band it reached. Reserved seats show as a hatched segment after the fill.
 */
import { useTranslation } from 'react-i18next';
import { formatCount, formatPercent, usageBand, usagePercent } from '../format.js';
import { AsOf } from './Time.js';

export interface UsageBarProps {
  label: string;
  inUse: number;
  total: number;
  reserved?: number;
  asOf?: string | null;
  compact?: boolean;
  /** A free app: no limit, so no band applies. */
  unlimited?: boolean;
}

export function UsageBar(props: UsageBarProps) {
  const { t } = useTranslation();
  const { label, inUse, total, reserved = 0, asOf, compact, unlimited = false } = props;
  const percent = unlimited ? 0 : usagePercent(inUse, total);
  const band = usageBand(percent);
  const fill = Math.min(percent, 100);
  const held = total > 0 ? Math.min((reserved / total) * 100, 100 - fill) : 0;
  const text = unlimited
    ? t('usage.unlimited', { inUse: formatCount(inUse) })
    : t('usage.inUse', {
        inUse: formatCount(inUse),
        total: formatCount(total),
        percent: formatPercent(percent),
      });
  return (
    <div className={`usage${compact === true ? ' compact' : ''}`}>
      <div
        className={`usage-track${unlimited ? ' unlimited' : ''}`}
        role="meter"
        aria-label={t('usage.meter', { name: label })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
        aria-valuetext={text}
        data-band={band}
      >
        <div className={`usage-fill band-${band}`} style={{ width: `${fill}%` }} />
        {held > 0 && <div className="usage-held" style={{ left: `${fill}%`, width: `${held}%` }} />}
        <span className="usage-mark mark-50" aria-hidden="true" />
        <span className="usage-mark mark-70" aria-hidden="true" />
        <span className="usage-mark mark-90" aria-hidden="true" />
      </div>
      <div className="usage-caption">
        <span>{text}</span>
        {reserved > 0 && (
          <span>
            {' '}
            · {t('usage.reserved', { count: reserved, formatted: formatCount(reserved) })}
          </span>
        )}
        {asOf !== undefined && (
          <>
            {' · '}
            <AsOf iso={asOf} compact={compact} />
          </>
        )}
      </div>
    </div>
  );
}
