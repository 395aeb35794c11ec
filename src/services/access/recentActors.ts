/**
 * The actors of the API tokens a process authenticated lately, by token hash: most requests
 * then authenticate without a statement (docs/decisions.md, "API tokens"). A token deleted by
 * this process is forgotten at once. On PostgreSQL one deleted by another process is forgotten
 * as soon as the database announces it (db/notify.ts, wired by http/app.ts); on SQLite, or
 * while that announcement cannot be heard, it keeps working here for at most `ttlMs`.
 */
import type { Db } from '../../db/database.js';
import type { Actor } from './actor.js';

export const RECENT_ACTOR_TTL_MS = 5_000;
const CAPACITY = 10_000;

export class RecentActors {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();
  /**
   * Moves on at every forgetting: a lookup that started before a token was forgotten may have
   * read it before its deletion, and must not put it back (`set` with that older generation).
   */
  private forgettings = 0;

  constructor(
    private readonly ttlMs = RECENT_ACTOR_TTL_MS,
    private readonly capacity = CAPACITY,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(tokenHash: string): Actor | undefined {
    const entry = this.entries.get(tokenHash);
    if (entry === undefined) return undefined;
    if (entry.until > this.now()) return entry.actor;
    this.entries.delete(tokenHash);
    return undefined;
  }

  /** Where forgetting stands now; pass it back to `set` for a lookup started now. */
  get generation(): number {
    return this.forgettings;
  }

  set(tokenHash: string, actor: Actor, generation = this.forgettings): void {
    if (generation !== this.forgettings) return;
    // Re-inserted last, so that the first entry is always the oldest.
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, { actor, until: this.now() + this.ttlMs });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets one token (deleted or changed elsewhere). */
  forget(tokenHash: string): void {
    this.forgettings += 1;
    this.entries.delete(tokenHash);
  }

  clear(): void {
    this.forgettings += 1;
    this.entries.clear();
  }
}

/** One per database handle: each test app, like each process, has its own. */
const byDatabase = new WeakMap<Db, RecentActors>();

export function recentActorsOf(db: Db): RecentActors {
  let actors = byDatabase.get(db);
  if (actors === undefined) {
    actors = new RecentActors();
    byDatabase.set(db, actors);
  }
  return actors;
}
