import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Error answered as JSON ({error, detail}); HSDS does not define an error body. */
export class HsdsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Page<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

export function page<T>(contents: T[], total: number, pageNumber: number, perPage: number): Page<T> {
  const totalPages = total === 0 ? 0 : Math.ceil(total / perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: pageNumber,
    size: contents.length,
    first_page: pageNumber === 1,
    last_page: pageNumber >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

export type Query = Record<string, string | string[] | undefined>;

export function one(q: Query, name: string): string | undefined {
  const v = q[name];
  if (Array.isArray(v)) throw new HsdsError(400, `${name} may be given once`);
  return v === undefined || v === '' ? undefined : v;
}

export function positiveInt(q: Query, name: string, def: number, max: number): number {
  const v = one(q, name);
  if (v === undefined) return def;
  if (!/^\d{1,9}$/.test(v) || Number(v) < 1) throw new HsdsError(400, `${name} must be a positive integer`);
  return Math.min(Number(v), max);
}

export function bool(q: Query, name: string): boolean {
  const v = one(q, name);
  if (v === undefined) return false;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new HsdsError(400, `${name} must be true or false`);
}

export function dateParam(q: Query, name: string): Date | undefined {
  const v = one(q, name);
  if (v === undefined) return undefined;
  // A '+' in an unencoded offset arrives as a space.
  const fixed = v.replace(/ /g, '+');
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(fixed)) {
    throw new HsdsError(400, `${name} must be an ISO 8601 date-time, e.g. 2025-03-12T14:20:00Z`);
  }
  const d = new Date(fixed);
  if (Number.isNaN(d.getTime())) throw new HsdsError(400, `${name} is not a valid date-time`);
  return d;
}

/** Sends JSON with a strong ETag over the exact bytes; answers 304 when If-None-Match already has it. */
export function sendWithEtag(req: FastifyRequest, reply: FastifyReply, body: unknown): FastifyReply {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
  reply.header('etag', etag).header('cache-control', 'no-cache');
  const inm = req.headers['if-none-match'];
  if (inm) {
    const tags = inm.split(',').map((t) => t.trim());
    if (tags.includes(etag) || tags.includes('*')) return reply.code(304).send();
  }
  return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(text);
}
