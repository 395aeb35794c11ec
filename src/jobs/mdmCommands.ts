/**
 * Delivery of MDM commands (InstallApplication, RemoveApplication) to each connector's MDM
 * (R-I4), run by the worker's loop and by the pg-boss sweep alike: services/mdm/commandDelivery.ts.
 */
import type { StoreContext } from '../services/serviceContext.js';
import { deliverMdmCommands, nextCommandAttemptAt } from '../services/mdm/commandDelivery.js';

export interface MdmCommandDrainResult {
  sent: number;
  failed: number;
  retried: number;
}

export async function drainMdmCommands(ctx: StoreContext): Promise<MdmCommandDrainResult> {
  return deliverMdmCommands(ctx);
}

/** When the next command falls due (by the context's clock); null: none waiting. */
export async function nextMdmCommandAttempt(ctx: StoreContext): Promise<Date | null> {
  return nextCommandAttemptAt(ctx);
}
