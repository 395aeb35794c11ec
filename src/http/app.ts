/** Builds the Fastify application: conventions first, then every route under /api/v1. */
import zlib from 'node:zlib';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { AppContext } from '../context.js';
import { listenForRevokedTokens } from '../db/notify.js';
import { recentActorsOf } from '../services/access/recentActors.js';
import { VERSION } from '../version.js';
import { registerAuth } from './auth.js';
import { consolePlugin } from './console.js';
import { clientErrorHandler, errorHandler, frameworkErrorHandler, sendProblem } from './errors.js';
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
import { mdmRoutes } from './routes/mdmConnectors.js';
import { productRoutes } from './routes/products.js';
import { notificationRoutes } from './routes/notifications.js';
import { overviewRoutes } from './routes/overview.js';
import { spaceRoutes } from './routes/spaces.js';
import { storeNotificationRoutes } from './routes/storeNotifications.js';
import { tenantRoutes } from './routes/tenants.js';
import { userRoutes } from './routes/users.js';
import { webhookRoutes } from './routes/webhooks.js';
import { scimRoutes } from './routes/scim.js';
import { ssoRoutes } from './routes/sso.js';
import { intelligenceRoutes } from './routes/intelligence.js';
import { reclaimRoutes } from './routes/reclaim.js';
import { whatIfRoutes } from './routes/whatIf.js';
import { usageEventRoutes } from './routes/usageEvents.js';
import { notificationEmailRoutes } from './routes/notificationEmail.js';

/** Bodies above this size are refused (400 BODY_TOO_LARGE). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The security headers of /docs (Swagger UI): helmet's, with a policy that lets the UI run
 * (its scripts and styles are files of its own; it draws images from data: URLs) and nothing
 * else, never framed. No `upgrade-insecure-requests`: on a plain-HTTP deployment it would
 * send the UI's own files to an HTTPS port that does not exist.
 */
const DOCS_HELMET = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
    },
  },
  frameguard: { action: 'deny' as const },
  referrerPolicy: { policy: 'no-referrer' as const },
};

/**
 * PostgreSQL: every process forgets a deleted token as soon as the database announces it
 * (db/notify.ts). SQLite is one process: deleting a token there forgets it at once.
 */
async function listenForRevocations(app: FastifyInstance, ctx: AppContext): Promise<void> {
  if (ctx.db.dialect !== 'postgres' || ctx.config.databaseUrl === null) return;
  const recent = recentActorsOf(ctx.db);
  const listener = await listenForRevokedTokens({
    databaseUrl: ctx.config.databaseUrl,
    schema: ctx.db.schema,
    onRevoked: (tokenHash) => recent.forget(tokenHash),
    onGap: () => recent.clear(),
    onError: (error) =>
      ctx.logger.warn(
        { err: error },
        'not hearing token deletions; retrying (5 s bound meanwhile)',
      ),
  });
  app.addHook('onClose', async () => listener.close());
}

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = ctx.logger;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT_BYTES,
    // ALLOT_TRUST_PROXY: request.ip, .protocol and .host as the reverse proxy saw them.
    // A hop count is what Fastify does with a number (its types only list the other forms).
    trustProxy:
      typeof ctx.config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (ctx.config.trustProxy as number)
        : ctx.config.trustProxy,
    // Errors met before routing, and by Node's HTTP parser, in the documented shape too.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
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
  const authFailures = await registerAuth(app, ctx);
  registerIdempotency(app, ctx);
  await listenForRevocations(app, ctx);
  // Bodies over 1 KiB compressed for clients that accept it: the console's scripts (a third of
  // their size), list pages and exports. Brotli at a middle quality keeps the CPU cost of a
  // response small; the check-in opts out (routes/checkIn.ts).
  await app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
  });
  // Only where asked (the docs below): the console sets its own, the API answers JSON.
  await app.register(helmet, { global: false });

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
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiHooks: {
      // helmet's headers are set synchronously.
      onRequest: (_request, reply, done) => {
        reply.helmet(DOCS_HELMET);
        done();
      },
    },
  });

  registerMetrics(app, { token: ctx.config.metricsToken, failures: authFailures, state: ctx });
  healthRoutes(app, ctx);
  ssoRoutes(app, ctx);

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
      mdmRoutes(api, ctx);
      intelligenceRoutes(api, ctx);
      reclaimRoutes(api, ctx);
      whatIfRoutes(api, ctx);
      usageEventRoutes(api, ctx);
      notificationEmailRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  await app.register(scimRoutes, { prefix: '/scim', ctx, failures: authFailures });
  await app.register(consolePlugin);
  return app;
}
