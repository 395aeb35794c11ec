import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { UnavailableError } from '../../domain/errors.js';

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', { config: { public: true }, schema: { tags: ['health'] } }, async () => ({
    status: 'ok',
  }));

  app.get('/readyz', { config: { public: true }, schema: { tags: ['health'] } }, async () => {
    try {
      await sql`select 1`.execute(ctx.db.kysely);
    } catch {
      throw new UnavailableError('DATABASE_UNAVAILABLE', 'The database is not reachable', 5);
    }
    return { status: 'ready', database: ctx.db.dialect };
  });
}
