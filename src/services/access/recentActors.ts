/**
 * The actors of the API tokens a process authenticated lately, by token hash: most requests
 * then authenticate without a statement (docs/decisions.md, "API tokens"). A token deleted by
 * this process is forgotten at once; one deleted by another process keeps working here for at
 * most `ttlMs`.
 */
import type { Db } from '../../db/database.js';
import type { Actor } from './actor.js';

export const RECENT_ACTOR_TTL_MS = 5_000;
const CAPACITY = 10_000;

export class RecentActors {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();

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

  set(tokenHash: string, actor: Actor): void {
    // Re-inserted last, so that the first entry is always the oldest.
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, { actor, until: this.now() + this.ttlMs });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
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
