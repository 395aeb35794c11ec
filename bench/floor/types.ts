/** What both floors offer the benchmark, and the check-in times they write behind as Allot does. */

/** A floor check-in's outcome, for the round's check (the same one Allot's answers get). */
export interface FloorOutcome {
  /** Apps decided. */
  apps: number;
  /** Apps installed after the check-in. */
  installed: number;
  /** Install commands the MDM would get. */
  commands: number;
  /** What went wrong, if anything (a usage threshold the floor does not handle). */
  problem: string | null;
}

export interface FloorCheckIn {
  /** `reported`: bundle ID → version reported installed, or null when the device reports nothing. */
  checkIn(
    serialNumber: string,
    reported: Map<string, string> | null,
    at: Date,
  ): Promise<FloorOutcome>;
  /** Writes what is still written behind (the last check-in times), unmeasured. */
  finish(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The last check-in times, written behind as Allot writes them (src/db/checkInTimes.ts): noted
 * in memory, written at most once a second in one statement for every device noted since. Allot
 * flushes on a timer; the floor flushes from the check-in that finds a second gone by (the same
 * statements, as often), so that its synchronous SQLite check-ins need no timer to fire.
 */
export class CheckInTimesFloor {
  private pending = new Map<string, string>();
  private last = performance.now();
  private flushing: Promise<void> | null = null;
  private failure: Error | undefined;

  constructor(private readonly write: (batch: Array<[string, string]>) => Promise<void>) {}

  note(deviceId: string, at: Date): void {
    const iso = at.toISOString();
    const known = this.pending.get(deviceId);
    if (known === undefined || known < iso) this.pending.set(deviceId, iso);
  }

  /** Starts a flush when a second has gone by since the last one; it runs beside the check-ins. */
  maybeFlush(): void {
    if (this.flushing !== null || performance.now() - this.last < 1000) return;
    this.flushing = this.writePending()
      .catch((error: unknown) => {
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => (this.flushing = null));
  }

  /** Writes every time noted; throws what a flush beside the check-ins met, if anything. */
  async flush(): Promise<void> {
    if (this.flushing !== null) await this.flushing;
    await this.writePending();
    if (this.failure !== undefined) throw this.failure;
  }

  private async writePending(): Promise<void> {
    this.last = performance.now();
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending = new Map();
    await this.write(batch);
  }
}
