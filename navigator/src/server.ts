import Fastify, { type FastifyInstance } from 'fastify';
import type { NavigatorContext } from './context';
import { installFaultHooks, testRoutes } from './faults/routes';
import { fhirRoutes } from './fhir/routes';
import { hsdsRoutes } from './hsds/routes';
import { inboxRoutes } from './inbox/routes';

/** Assembles the HTTP service: /fhir, /hsds, /inbox and (only when faults are enabled) /__test. */
export async function buildServer(ctx: NavigatorContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    bodyLimit: 1024 * 1024,
    // Referral ids and tokens are case-sensitive; keep paths as sent.
    routerOptions: { ignoreTrailingSlash: true },
  });

  app.addHook('onRequest', async () => {
    ctx.metrics.requests++;
  });
  // Server errors only (transactions and inbox actions log their own events). Route patterns and statuses only:
  // never URLs (queries may carry identifiers) and never bodies.
  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode >= 500) {
      ctx.log('error', 'http.error', {
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
      });
    }
  });

  if (ctx.faults) {
    const faults = ctx.faults;
    installFaultHooks(app, faults);
    await app.register((scope) => testRoutes(scope, ctx, faults), { prefix: '/__test' });
  }
  await app.register((scope) => fhirRoutes(scope, ctx), { prefix: '/fhir' });
  await app.register((scope) => hsdsRoutes(scope, ctx), { prefix: '/hsds' });
  await app.register((scope) => inboxRoutes(scope, ctx), { prefix: '/inbox' });
  app.get('/', async (_req, reply) => reply.redirect('/inbox'));
  app.get('/healthz', async () => ({ ok: true, storage: ctx.db.kind }));
  return app;
}
