/** R-A12: the licences an assignment needs and has, shown before it is saved. */
import type { Forecast } from '../../api/types.js';
import { formatCount } from '../../format.js';

export function ForecastBox(props: { forecast: Forecast; blocked: boolean }) {
  const { needed, available, shortfall } = props.forecast;
  return (
    <div
      className={`forecast ${props.blocked ? 'error' : shortfall > 0 ? 'warning' : 'success'}`}
      role="status"
      aria-label="Forecast"
    >
      <p>
        Needs <strong>{formatCount(needed)}</strong> licence{needed === 1 ? '' : 's'};{' '}
        {available === null ? (
          'the app is free (unlimited)'
        ) : (
          <>
            <strong>{formatCount(available)}</strong> available
          </>
        )}
        .
        {shortfall > 0 && (
          <>
            {' '}
            Shortfall: <strong>{formatCount(shortfall)}</strong>.
          </>
        )}
      </p>
      {shortfall > 0 && props.blocked && (
        <p>
          This store refuses assignments beyond its licences. Uninstall the app from some devices,
          narrow the assignment, or buy more licences.
        </p>
      )}
      {shortfall > 0 && !props.blocked && (
        <p>
          It can be saved: those without a licence show &ldquo;No licence&rdquo; until more are
          bought or freed.
        </p>
      )}
    </div>
  );
}
