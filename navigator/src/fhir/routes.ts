import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clinic } from '../auth/tokens';
import type { NavigatorContext } from '../context';
import { TransactionConflictError } from '../db/database';
import { CREATABLE_TYPES } from './bundle-input';
import { canonicalJson, sha256Hex } from './canonical-json';
import { capabilityStatement } from './capability';
import { parseIdempotencyKey, releaseIdempotent, startIdempotent } from './idempotency';
import { FhirError, fhirError, outcome } from './outcome';
import { parseTransaction } from './bundle-input';
import { type Query, search, SEARCHABLE } from './search';
import { readResource } from './store';
import { runTransaction } from './transaction';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const BODY_LIMIT = 8 * 1024 * 1024;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

declare module 'fastify' {
  interface FastifyRequest {
    clinic?: Clinic;
  }
}

export function baseUrlOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', FHIR_JSON).send(JSON.stringify(body));
}

function preferReturnRepresentation(req: FastifyRequest): boolean {
  return /return=representation/i.test(String(req.headers.prefer ?? ''));
}

/** FHIR R4 subset under /fhir (see capability.ts for what is supported). */
export async function fhirRoutes(app: FastifyInstance, ctx: NavigatorContext): Promise<void> {
  const parseJson = (
    _req: FastifyRequest,
    body: string,
    done: (err: Error | null, value?: unknown) => void,
  ) => {
    try {
      done(null, JSON.parse(body));
    } catch {
      done(fhirError(400, 'structure', 'the request body is not valid JSON'));
    }
  };
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(
    ['application/json', 'application/fhir+json'],
    { parseAs: 'string', bodyLimit: BODY_LIMIT },
    parseJson,
  );

  app.setErrorHandler((err: FastifyError | FhirError | TransactionConflictError, req, reply) => {
    if (err instanceof FhirError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      return send(reply, err.status, err.outcome);
    }
    if (err instanceof TransactionConflictError) {
      reply.header('retry-after', '1');
      return send(
        reply,
        409,
        outcome([
          { severity: 'error', code: 'conflict', diagnostics: 'concurrent writes kept conflicting; retry' },
        ]),
      );
    }
    const status =
      'statusCode' in err && typeof err.statusCode === 'number' && err.statusCode >= 400
        ? err.statusCode
        : 500;
    if (status >= 500)
      ctx.log('error', 'fhir.error', {
        route: req.routeOptions.url ?? null,
        code: 'code' in err ? String(err.code) : null,
      });
    const code = status === 413 ? 'too-costly' : status >= 500 ? 'exception' : 'invalid';
    const text = status >= 500 ? 'internal server error' : err.message;
    return send(reply, status, outcome([{ severity: 'error', code, diagnostics: text }]));
  });

  app.setNotFoundHandler((req, reply) =>
    send(
      reply,
      404,
      outcome([
        {
          severity: 'error',
          code: 'not-supported',
          diagnostics: `${req.method} ${req.url.split('?')[0]} is not supported`,
        },
      ]),
    ),
  );

  // Every route but the CapabilityStatement needs a clinic's bearer token.
  app.addHook('preHandler', async (req, reply) => {
    if (req.routeOptions.url === '/fhir/metadata') return;
    const clinic = await ctx.tokens.verify(req.headers.authorization);
    if (!clinic) {
      ctx.metrics.unauthorized++;
      reply.header('www-authenticate', 'Bearer realm="navigator"');
      throw fhirError(
        401,
        'login',
        req.headers.authorization
          ? 'the bearer token is not valid'
          : 'send Authorization: Bearer <clinic token>',
      );
    }
    req.clinic = clinic;
  });

  app.get('/metadata', async (req, reply) =>
    send(
      reply,
      200,
      capabilityStatement(`${baseUrlOf(req)}/fhir`, {
        name: 'Social Rx reference navigator',
        version: ctx.version,
      }),
    ),
  );

  app.post('/', { bodyLimit: BODY_LIMIT }, async (req, reply) => {
    const clinic = req.clinic!;
    const entries = parseTransaction(req.body);
    const key = parseIdempotencyKey(req.headers['idempotency-key']);
    if (key) {
      const start = await startIdempotent(ctx.db, clinic.id, key, sha256Hex(canonicalJson(req.body)));
      if (start.kind === 'mismatch') {
        ctx.metrics.idempotencyMismatches++;
        throw fhirError(422, 'conflict', 'this Idempotency-Key was already used with a different payload');
      }
      if (start.kind === 'in-flight') {
        ctx.metrics.idempotencyConflicts++;
        throw new FhirError(
          409,
          [
            {
              severity: 'error',
              code: 'conflict',
              diagnostics: 'a request with this Idempotency-Key is still being processed; retry later',
            },
          ],
          { 'retry-after': '1' },
        );
      }
      if (start.kind === 'replay') {
        ctx.metrics.idempotentReplays++;
        reply.header('idempotent-replayed', 'true');
        return send(reply, start.status, start.body);
      }
    }
    try {
      const result = await runTransaction(ctx.db, entries, {
        clinic,
        baseUrl: `${baseUrlOf(req)}/fhir`,
        representation: preferReturnRepresentation(req),
        idempotencyKey: key,
      });
      ctx.metrics.transactions++;
      if (result.created > 0) ctx.metrics.transactionsCreated++;
      ctx.log('info', 'fhir.transaction', {
        created: result.created,
        matched: result.matched,
        task: result.tasks[0] ?? null,
      });
      return send(reply, 200, result.bundle);
    } catch (err) {
      if (key) await releaseIdempotent(ctx.db, clinic.id, key).catch(() => undefined);
      throw err;
    }
  });

  app.get<{ Params: { type: string; id: string } }>('/:type/:id', async (req, reply) => {
    const { type, id } = req.params;
    if (!(CREATABLE_TYPES as readonly string[]).includes(type))
      throw fhirError(404, 'not-supported', `resource type ${type} is not supported`);
    if (!ID.test(id)) throw fhirError(404, 'not-found', `${type}/${id} not found`);
    const stored = await readResource(ctx.db, type, id, req.clinic!.id);
    if (!stored) throw fhirError(404, 'not-found', `${type}/${id} not found`);
    const etag = `W/"${stored.versionId}"`;
    reply.header('etag', etag).header('last-modified', stored.lastUpdated.toUTCString());
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return send(reply, 200, stored.resource);
  });

  app.get<{ Params: { type: string }; Querystring: Query }>('/:type', async (req, reply) => {
    const { type } = req.params;
    const searchable = SEARCHABLE.find((t) => t === type);
    if (!searchable)
      throw fhirError(404, 'not-supported', `search on ${type} is not supported (Task, ServiceRequest)`);
    const bundle = await search(ctx.db, {
      type: searchable,
      clinicId: req.clinic!.id,
      query: req.query,
      baseUrl: `${baseUrlOf(req)}/fhir/${type}`,
      strict: /handling=strict/i.test(String(req.headers.prefer ?? '')),
    });
    return send(reply, 200, bundle);
  });
}
