/**
 * Devices' last check-in times, written behind: a check-in notes the time in memory and a timer
 * writes every time noted since the last flush in one statement, at most once a second. A
 * settled device's check-in then writes nothing at all (docs/decisions.md, "Last check-in
 * time"). Closing the database flushes what is left; a crash loses at most the last second's
 * times, which the devices' next check-ins write again.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from './dialect.js';
import type { Database } from './schema.js';

export const CHECK_IN_FLUSH_MS = 1000;

/** Rows per statement: two bound values each on SQLite (its limit is 32,766). */
const MAX_ROWS = 10_000;

export class CheckInTimes {
  /** Device ID → latest check-in time noted (ISO 8601) and not yet written. */
  private pending = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly kysely: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  note(deviceId: string, at: Date): void {
    const iso = at.toISOString();
    const known = this.pending.get(deviceId);
    if (known === undefined || known < iso) this.pending.set(deviceId, iso);
    this.schedule();
  }

  /** The time noted for a device and not yet written, if any. */
  noted(deviceId: string): string | undefined {
    return this.pending.get(deviceId);
  }

  /**
   * Writes every time noted so far. A time never goes backwards (a flush from another process
   * may have written a later one). When the database cannot take them, they stay noted for the
   * next flush, and the error is thrown.
   */
  async flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    // One flush at a time, so that an older batch never lands after a newer one.
    while (this.flushing !== null) await this.flushing.catch(() => undefined);
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.write([...batch]);
    try {
      await this.flushing;
    } catch (error) {
      for (const [id, at] of batch) if (!this.pending.has(id)) this.pending.set(id, at);
      this.schedule();
      throw error;
    } finally {
      this.flushing = null;
    }
  }

  private schedule(): void {
    if (this.timer !== null) return;
    // A failed flush keeps its times for the next one; nobody awaits the timer's.
    this.timer = setTimeout(() => void this.flush().catch(() => undefined), CHECK_IN_FLUSH_MS);
    this.timer.unref();
  }

  private async write(times: Array<[string, string]>): Promise<void> {
    for (let i = 0; i < times.length; i += MAX_ROWS) {
      const chunk = times.slice(i, i + MAX_ROWS);
      // One statement whatever the batch's size, so both databases keep it prepared.
      const values =
        this.dialect === 'postgres'
          ? sql`select unnest(${chunk.map(([id]) => id)}::text[]) as id, unnest(${chunk.map(([, at]) => at)}::text[]) as at`
          : sql`select value ->> 0 as id, value ->> 1 as at from json_each(${JSON.stringify(chunk)})`;
      await sql`
        update devices set last_check_in_at = t.at
        from (${values}) as t
        where devices.id = t.id
          and (devices.last_check_in_at is null or devices.last_check_in_at < t.at)
      `.execute(this.kysely);
    }
  }
}
