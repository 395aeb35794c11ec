/** Presentation in the browser's locale: dates, money, counts. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const integer = new Intl.NumberFormat();
const DAY_MS = 86_400_000;

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const shortDateTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** The time alone when it is today, else a short date and time. */
export function formatShort(iso: string, now = new Date()): string {
  const date = new Date(iso);
  return date.toDateString() === now.toDateString()
    ? timeOnly.format(date)
    : shortDateTime.format(date);
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
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
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(0, 'minute');
}

export function daysUntil(iso: string, now = Date.now()): number {
  return Math.ceil((new Date(iso).getTime() - now) / DAY_MS);
}

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatPercent(percent: number): string {
  return `${integer.format(Math.round(percent))} %`;
}

/** Money is in minor units of its currency (cents for USD, yen for JPY). */
export function formatMoney(money: { amount: number; currency: string } | null): string {
  if (money === null) return '—';
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency: money.currency });
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
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(value)} ${units[unit]}`;
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
