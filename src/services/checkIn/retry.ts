/** Check-ins and other ledger use cases that lose a race run again, whole. */
import { isUniqueViolation } from '../../db/database.js';
import { isRetryableConflict } from '../../db/locks.js';
import { SeatRaceLost } from '../ledger/ledger.js';

/** Seats lost to other requests: each loss means another request made progress. */
const SEAT_RACE_ATTEMPTS = 20;

/**
 * Runs a use case again when it lost a race: seats taken first by another request, a unique
 * key written first (the same device checking in twice at once), or a serialisation conflict.
 */
export async function withConflictRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      // Seats gone under a check-in: its next run reads the pools as they are now.
      if (error instanceof SeatRaceLost && attempt < SEAT_RACE_ATTEMPTS) continue;
      const retryable = isRetryableConflict(error) || isUniqueViolation(error);
      if (attempt >= attempts || !retryable) throw error;
      // A short random pause, so the same transactions do not collide again at once.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
