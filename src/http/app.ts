/** Builds the Fastify application: conventions first, then every route under /api/v1. */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { AppContext } from '../context.js';
import { VERSION } from '../version.js';
import { registerAuth } from './auth.js';
import { consolePlugin } from './console.js';
import { errorHandler, sendProblem } from './errors.js';
import { registerIdempotency } from './idempotency.js';
import { registerMetrics } from './metrics.js';
import { validatorCompiler } from './validation.js';
import { ErrorBody } from './schemas.js';
import { accountRoutes } from './routes/accounts.js';
import { activityRoutes } from './routes/activity.js';
import { apiTokenRoutes } from './routes/apiTokens.js';
import { assignmentRoutes } from './routes/assignments.js';
import { catalogAppRoutes } from './routes/catalogApps.js';
import { checkInRoutes } from './routes/checkIn.js';
import { deviceRoutes } from './routes/devices.js';
import { groupRoutes } from './routes/groups.js';
import { healthRoutes } from './routes/health.js';
import { jobRoutes } from './routes/jobs.js';
import { licenseRoutes } from './routes/licenses.js';
import { meRoutes } from './routes/me.js';
import { productRoutes } from './routes/products.js';
import { notificationRoutes } from './routes/notifications.js';
import { overviewRoutes } from './routes/overview.js';
import { spaceRoutes } from './routes/spaces.js';
import { storeNotificationRoutes } from './routes/storeNotifications.js';
import { tenantRoutes } from './routes/tenants.js';
import { userRoutes } from './routes/users.js';
import { webhookRoutes } from './routes/webhooks.js';

/** Bodies above this size are refused (400 BODY_TOO_LARGE). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = ctx.logger;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT_BYTES,
    // One line per request is noise at info level; debug and trace keep it.
    logController: new LogController({
      disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace',
    }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      message: `No route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
  app.addSchema(ErrorBody);
  registerAuth(app, ctx);
  registerIdempotency(app, ctx);

  await app.register(swagger, {
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
    openapi: {
      info: {
        title: 'Allot API',
        version: VERSION,
        description: 'Licence server for volume-purchased app licences.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerMetrics(app);
  healthRoutes(app, ctx);

  await app.register(
    async (api) => {
      tenantRoutes(api, ctx);
      apiTokenRoutes(api, ctx);
      spaceRoutes(api, ctx);
      userRoutes(api, ctx);
      deviceRoutes(api, ctx);
      groupRoutes(api, ctx);
      activityRoutes(api, ctx);
      licenseRoutes(api, ctx);
      accountRoutes(api, ctx);
      productRoutes(api, ctx);
      jobRoutes(api, ctx);
      storeNotificationRoutes(api, ctx);
      overviewRoutes(api, ctx);
      catalogAppRoutes(api, ctx);
      assignmentRoutes(api, ctx);
      notificationRoutes(api, ctx);
      webhookRoutes(api, ctx);
      checkInRoutes(api, ctx);
      meRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  await app.register(consolePlugin);
  return app;
}
