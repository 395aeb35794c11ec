/** R-A12: the licences an assignment needs and has, shown before it is saved. */
import { useTranslation } from 'react-i18next';
import type { Forecast } from '../../api/types.js';
import { formatCount } from '../../format.js';

export function ForecastBox(props: { forecast: Forecast; blocked: boolean; title?: string }) {
  const { t } = useTranslation('apps');
  const { needed, available, shortfall } = props.forecast;
  return (
    <div
      className={`forecast ${props.blocked ? 'error' : shortfall > 0 ? 'warning' : 'success'}`}
      role="status"
      aria-label={props.title ?? t('forecast.label')}
    >
      {props.title !== undefined && <p className="forecast-title">{props.title}</p>}
      <p>
        {t('forecast.needs', { count: needed, n: formatCount(needed) })}{' '}
        {available === null
          ? t('forecast.free')
          : t('forecast.available', { count: available, n: formatCount(available) })}
        {shortfall > 0 && <> {t('forecast.shortfall', { n: formatCount(shortfall) })}</>}
      </p>
      {shortfall > 0 && props.blocked && <p>{t('forecast.blocked')}</p>}
      {shortfall > 0 && !props.blocked && <p>{t('forecast.allowed')}</p>}
    </div>
  );
}
