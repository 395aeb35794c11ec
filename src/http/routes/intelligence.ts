import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';

/** Licence intelligence: usage history (R-X1), forecasts (R-X2), costs (R-X5) and drift (R-X7). */
export function intelligenceRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app;
  void ctx;
}
