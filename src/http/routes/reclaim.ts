import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';

/** Idle licence reclaim policies (R-X3) and the waitlist (R-X4). */
export function reclaimRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app;
  void ctx;
}
