import type { FastifyInstance } from 'fastify';
import type { NavigatorContext } from '../context';
import { z } from 'zod';
import {
  addFeedback,
  FeedbackIdConflict,
  FeedbackInput,
  KIND_TO_CATEGORY,
  ListingReportInput,
} from './feedback';
import { bool, dateParam, HsdsError, one, page, positiveInt, type Query, sendWithEtag } from './http';
import {
  fullShape,
  fullShapes,
  getOrganization,
  getService,
  getTaxonomy,
  getTerm,
  listShape,
  minimalShape,
  queryOrganizations,
  queryServices,
  queryTaxonomies,
  queryTerms,
} from './store';

const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 1000;
// minimal=true: "aim to return all services within one call".
const MAX_MINIMAL = 100_000;
const ID = /^[A-Za-z0-9._:-]{1,200}$/;

export const OPENAPI_URL =
  'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json';

/** HSDS 3.0 API (read-only, public) plus the feedback endpoint (clinic bearer token). */
export async function hsdsRoutes(app: FastifyInstance, ctx: NavigatorContext): Promise<void> {
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof HsdsError) return reply.code(err.status).send({ error: err.message });
    const status =
      typeof (err as { statusCode?: unknown }).statusCode === 'number'
        ? (err as { statusCode: number }).statusCode
        : 500;
    if (status >= 500)
      ctx.log('error', 'hsds.error', { code: String((err as { code?: unknown }).code ?? 'unknown') });
    return reply
      .code(status)
      .send({ error: status >= 500 ? 'internal server error' : (err as Error).message });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: `${req.method} ${req.url.split('?')[0]} not found` }),
  );

  // The catalog is public: any origin may read it (writes — feedback — need a clinic token and get no CORS).
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method === 'GET' || req.method === 'HEAD') reply.header('access-control-allow-origin', '*');
    return payload;
  });

  app.get('/', async (req, reply) => sendWithEtag(req, reply, { version: '3.0', openapi_url: OPENAPI_URL }));

  app.get<{ Querystring: Query }>('/services', async (req, reply) => {
    const q = req.query;
    const minimal = bool(q, 'minimal');
    const full = bool(q, 'full');
    const perPage = positiveInt(
      q,
      'per_page',
      minimal ? MAX_MINIMAL : DEFAULT_PER_PAGE,
      minimal ? MAX_MINIMAL : MAX_PER_PAGE,
    );
    const pageNumber = positiveInt(q, 'page', 1, 1_000_000);
    const format = one(q, 'format');
    if (format !== undefined && format !== 'json')
      throw new HsdsError(400, 'format must be json (ndjson is not offered)');
    const { total, rows } = await queryServices(ctx.db, {
      search: one(q, 'search'),
      organizationId: one(q, 'organization_id'),
      taxonomyTermId: one(q, 'taxonomy_term_id'),
      taxonomyId: one(q, 'taxonomy_id'),
      modifiedAfter: dateParam(q, 'modified_after'),
      limit: perPage,
      offset: (pageNumber - 1) * perPage,
    });
    const contents = minimal
      ? rows.map(minimalShape)
      : full
        ? await fullShapes(ctx.db, rows)
        : rows.map(listShape);
    return sendWithEtag(req, reply, page(contents, total, pageNumber, perPage));
  });

  app.get<{ Params: { id: string } }>('/services/:id', async (req, reply) => {
    const row = ID.test(req.params.id) ? await getService(ctx.db, req.params.id) : null;
    if (!row) throw new HsdsError(404, `service ${req.params.id} not found`);
    return sendWithEtag(req, reply, await fullShape(ctx.db, row));
  });

  app.get<{ Querystring: Query }>('/organizations', async (req, reply) => {
    const perPage = positiveInt(req.query, 'per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE);
    const pageNumber = positiveInt(req.query, 'page', 1, 1_000_000);
    const { total, rows } = await queryOrganizations(ctx.db, {
      search: one(req.query, 'search'),
      limit: perPage,
      offset: (pageNumber - 1) * perPage,
    });
    return sendWithEtag(req, reply, page(rows, total, pageNumber, perPage));
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/organizations/:id', async (req, reply) => {
    const org = ID.test(req.params.id) ? await getOrganization(ctx.db, req.params.id) : null;
    if (!org) throw new HsdsError(404, `organization ${req.params.id} not found`);
    const { rows } = await queryServices(ctx.db, {
      organizationId: req.params.id,
      limit: MAX_PER_PAGE,
      offset: 0,
    });
    const services = bool(req.query, 'full_service') ? await fullShapes(ctx.db, rows) : rows.map(listShape);
    return sendWithEtag(req, reply, { ...org, services });
  });

  app.get<{ Querystring: Query }>('/taxonomy_terms', async (req, reply) => {
    const perPage = positiveInt(req.query, 'per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE);
    const pageNumber = positiveInt(req.query, 'page', 1, 1_000_000);
    const { total, rows } = await queryTerms(ctx.db, {
      taxonomyId: one(req.query, 'taxonomy_id'),
      parentId: one(req.query, 'parent_id'),
      topOnly: bool(req.query, 'top_only'),
      search: one(req.query, 'search'),
      limit: perPage,
      offset: (pageNumber - 1) * perPage,
    });
    return sendWithEtag(req, reply, page(rows, total, pageNumber, perPage));
  });

  app.get<{ Params: { id: string } }>('/taxonomy_terms/:id', async (req, reply) => {
    const term = ID.test(req.params.id) ? await getTerm(ctx.db, req.params.id) : null;
    if (!term) throw new HsdsError(404, `taxonomy term ${req.params.id} not found`);
    return sendWithEtag(req, reply, term);
  });

  app.get<{ Querystring: Query }>('/taxonomies', async (req, reply) => {
    const perPage = positiveInt(req.query, 'per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE);
    const pageNumber = positiveInt(req.query, 'page', 1, 1_000_000);
    const { total, rows } = await queryTaxonomies(ctx.db, {
      limit: perPage,
      offset: (pageNumber - 1) * perPage,
    });
    return sendWithEtag(req, reply, page(rows, total, pageNumber, perPage));
  });

  app.get<{ Params: { id: string } }>('/taxonomies/:id', async (req, reply) => {
    const t = ID.test(req.params.id) ? await getTaxonomy(ctx.db, req.params.id) : null;
    if (!t) throw new HsdsError(404, `taxonomy ${req.params.id} not found`);
    return sendWithEtag(req, reply, t);
  });

  // "This listing is wrong": POST /hsds/services/{id}/feedback, POST /hsds/feedback (service_id in the body), or the
  // extension's POST /hsds/listing_reports ({id, service_id, kind, comment}; the id makes a retry a no-op).
  const clinicOf = async (authorization: string | undefined) => {
    const clinic = await ctx.tokens.verify(authorization);
    if (!clinic) throw new HsdsError(401, 'send Authorization: Bearer <clinic token>');
    return clinic;
  };
  const knownService = async (serviceId: unknown): Promise<string> => {
    if (typeof serviceId !== 'string' || !ID.test(serviceId))
      throw new HsdsError(400, 'service_id is required');
    if (!(await getService(ctx.db, serviceId))) throw new HsdsError(404, `service ${serviceId} not found`);
    return serviceId;
  };
  const issues = (e: z.ZodError) =>
    e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  const feedback = async (serviceId: unknown, body: unknown, authorization: string | undefined) => {
    const clinic = await clinicOf(authorization);
    const id = await knownService(serviceId);
    const parsed = FeedbackInput.safeParse(body);
    if (!parsed.success) throw new HsdsError(400, issues(parsed.error));
    return addFeedback(ctx.db, clinic, id, parsed.data);
  };
  app.post<{ Params: { id: string } }>('/services/:id/feedback', async (req, reply) => {
    const { created: _c, ...out } = await feedback(req.params.id, req.body, req.headers.authorization);
    return reply.code(201).send({ ...out, service_id: req.params.id, status: 'open' });
  });
  app.post('/feedback', async (req, reply) => {
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
    const { service_id: serviceId, ...rest } = body;
    const { created: _c, ...out } = await feedback(serviceId, rest, req.headers.authorization);
    return reply.code(201).send({ ...out, service_id: serviceId, status: 'open' });
  });
  app.post('/listing_reports', async (req, reply) => {
    const clinic = await clinicOf(req.headers.authorization);
    const parsed = ListingReportInput.safeParse(req.body);
    if (!parsed.success) throw new HsdsError(400, issues(parsed.error));
    const r = parsed.data;
    const serviceId = await knownService(r.service_id);
    try {
      const out = await addFeedback(
        ctx.db,
        clinic,
        serviceId,
        { category: KIND_TO_CATEGORY[r.kind], message: r.comment },
        r.id,
      );
      return reply
        .code(out.created ? 201 : 200)
        .send({ id: out.id, created_at: out.created_at, service_id: serviceId, status: 'open' });
    } catch (err) {
      if (err instanceof FeedbackIdConflict) throw new HsdsError(409, `report id ${r.id} is already used`);
      throw err;
    }
  });
}
