import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';

/** What-if previews (R-X6). */
export function whatIfRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app;
  void ctx;
}
