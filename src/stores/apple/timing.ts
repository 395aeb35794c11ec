/**
 * Waiting, made injectable so tests run without real delays: a sleep that an AbortSignal can
 * cut short, and a pacer that keeps a token under Apple's requests-per-second limit.
 */

/** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * At most `perSecond` request starts in any one-second window. Apple counts per token and
 * answers 9646 beyond ~15/s; pacing here avoids paying for backoffs.
 */
export class Pacer {
  private readonly starts: number[] = [];

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number,
    private readonly sleep: Sleep,
  ) {}

  async wait(): Promise<void> {
    if (!Number.isFinite(this.perSecond) || this.perSecond <= 0) return;
    for (;;) {
      const now = this.now();
      while (this.starts.length > 0 && (this.starts[0] ?? 0) <= now - 1000) this.starts.shift();
      if (this.starts.length < this.perSecond) {
        this.starts.push(now);
        return;
      }
      await this.sleep((this.starts[0] ?? now) + 1000 - now + 1);
    }
  }
}
