import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';

/** Notification e-mail recipients per kind and space. */
export function notificationEmailRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app;
  void ctx;
}
