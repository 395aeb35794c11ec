/** Progress of a long operation (a sync job); indeterminate while it waits in the queue. */
import { formatPercent } from '../format.js';

export function ProgressBar({ label, value }: { label: string; value: number | null }) {
  return (
    <div className="progress">
      <div
        className={`progress-track${value === null ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value ?? undefined}
      >
        <div className="progress-fill" style={{ width: `${value ?? 30}%` }} />
      </div>
      <span className="progress-label">
        {label}
        {value !== null && ` ${formatPercent(value)}`}
      </span>
    </div>
  );
}
