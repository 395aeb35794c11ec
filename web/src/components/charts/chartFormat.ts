/**
 * Day formats for the chart, through Intl in the console's language. The history's days are UTC
 * days (R-X1), so they are shown in UTC: a day never slips to the one before west of Greenwich.
 */
import { currentLocale } from '../../i18n/index.js';

const formats = new Map<string, Intl.DateTimeFormat>();

function format(kind: 'tick' | 'day'): Intl.DateTimeFormat {
  const key = `${currentLocale()} ${kind}`;
  let f = formats.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(
      currentLocale(),
      kind === 'tick'
        ? { month: 'short', day: 'numeric', timeZone: 'UTC' }
        : { dateStyle: 'medium', timeZone: 'UTC' },
    );
    formats.set(key, f);
  }
  return f;
}

/** An axis tick: "12 Mar" (seconds since the epoch). */
export function formatTick(seconds: number): string {
  return format('tick').format(new Date(seconds * 1000));
}

/** A history day `YYYY-MM-DD` in full: "12 Mar 2026". */
export function formatDay(day: string): string {
  return format('day').format(new Date(`${day}T00:00:00.000Z`));
}
