/**
 * R-X5 in figures: a report's totals per currency (amounts in two currencies are never added),
 * and a group's name in words. Amounts are in minor units of their currency, as the API sends
 * them.
 */
import type { TFunction } from 'i18next';
import type { CostGroup, CostLine } from './types.js';

export interface CurrencyTotal {
  currency: string;
  held: number;
  idle: number;
  heldCount: number;
  idleCount: number;
}

/** The priced lines' sums, one per currency, in the order the currencies first appear. */
export function totalsByCurrency(lines: readonly CostLine[]): CurrencyTotal[] {
  const totals = new Map<string, CurrencyTotal>();
  for (const line of lines) {
    if (line.currency === null) continue;
    const total = totals.get(line.currency) ?? {
      currency: line.currency,
      held: 0,
      idle: 0,
      heldCount: 0,
      idleCount: 0,
    };
    total.held += line.held.amount ?? 0;
    total.idle += line.idle.amount ?? 0;
    total.heldCount += line.held.count;
    total.idleCount += line.idle.count;
    totals.set(line.currency, total);
  }
  return [...totals.values()];
}

/** The licences of products without a price: counted, never priced. */
export function unpriced(lines: readonly CostLine[]): { held: number; idle: number } {
  let held = 0;
  let idle = 0;
  for (const line of lines) {
    if (line.currency !== null) continue;
    held += line.held.count;
    idle += line.idle.count;
  }
  return { held, idle };
}

/** A store is named in words (`store.apple` in the common strings); the others by the API. */
export function groupName(t: TFunction<'insights'>, groupBy: CostGroup, line: CostLine): string {
  return groupBy === 'store'
    ? t(`common:store.${line.key}`, { defaultValue: line.name })
    : line.name;
}
