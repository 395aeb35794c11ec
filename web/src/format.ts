/**
 * Presentation in the console's language (i18n/index.ts): dates, money, counts, through Intl.
 * Formatters are made once per language and kept.
 */
import { currentLocale } from './i18n/index.js';

const DAY_MS = 86_400_000;
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: (locale: string) => T,
): T {
  const locale = currentLocale();
  const id = `${locale} ${key}`;
  let format = cache.get(id) as T | undefined;
  if (format === undefined) {
    format = make(locale);
    cache.set(id, format);
  }
  return format;
}

const dateTime = () =>
  cached(
    'dateTime',
    (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' }),
  );
const dateOnly = () => cached('date', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium' }));
const timeOnly = () => cached('time', (l) => new Intl.DateTimeFormat(l, { timeStyle: 'short' }));
const shortDateTime = () =>
  cached(
    'shortDateTime',
    (l) =>
      new Intl.DateTimeFormat(l, {
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      }),
  );
const relative = () =>
  cached('relative', (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' }));
const integer = () => cached('integer', (l) => new Intl.NumberFormat(l));

export function formatDateTime(iso: string): string {
  return dateTime().format(new Date(iso));
}

/** The time alone when it is today, else a short date and time. */
export function formatShort(iso: string, now = new Date()): string {
  const date = new Date(iso);
  return date.toDateString() === now.toDateString()
    ? timeOnly().format(date)
    : shortDateTime().format(date);
}

export function formatDate(iso: string): string {
  return dateOnly().format(new Date(iso));
}

/** "5 minutes ago", "in 3 days". */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative().format(Math.round(seconds / size), unit);
  }
  return relative().format(0, 'minute');
}

export function daysUntil(iso: string, now = Date.now()): number {
  return Math.ceil((new Date(iso).getTime() - now) / DAY_MS);
}

export function formatCount(n: number): string {
  return integer().format(n);
}

export function formatPercent(percent: number): string {
  return cached('percent', (l) => new Intl.NumberFormat(l, { style: 'percent' })).format(
    Math.round(percent) / 100,
  );
}

/** Money is in minor units of its currency (cents for USD, yen for JPY). */
export function formatMoney(money: { amount: number; currency: string } | null): string {
  if (money === null) return '—';
  const format = cached(
    `money ${money.currency}`,
    (l) => new Intl.NumberFormat(l, { style: 'currency', currency: money.currency }),
  );
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** digits);
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const decimal = cached('decimal1', (l) => new Intl.NumberFormat(l, { maximumFractionDigits: 1 }));
  return `${decimal.format(value)} ${units[unit]}`;
}

/** `claimedElsewhere` → "Claimed elsewhere". */
export function humanize(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[._]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

export function usagePercent(inUse: number, total: number): number {
  if (inUse <= 0) return 0;
  if (total <= 0) return 100;
  return (inUse / total) * 100;
}

/** R-M5 bands: above 50 % info, from 70 % warning, from 90 % alert. */
export function usageBand(percent: number): 'ok' | 'info' | 'warning' | 'alert' {
  if (percent >= 90) return 'alert';
  if (percent >= 70) return 'warning';
  if (percent > 50) return 'info';
  return 'ok';
}
