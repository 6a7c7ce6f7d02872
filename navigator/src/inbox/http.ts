import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Lang } from './i18n';

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (!k) continue;
    try {
      out[k] = decodeURIComponent(v);
    } catch {
      out[k] = v;
    }
  }
  return out;
}

export function setCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  name: string,
  value: string,
  opts: { maxAge?: number; httpOnly?: boolean } = {},
): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/inbox', 'SameSite=Strict'];
  if (opts.httpOnly !== false) parts.push('HttpOnly');
  if (opts.maxAge !== undefined) parts.push(`Max-Age=${opts.maxAge}`);
  if (req.protocol === 'https') parts.push('Secure');
  const existing = reply.getHeader('set-cookie');
  const list = Array.isArray(existing) ? existing.map(String) : existing ? [String(existing)] : [];
  reply.header('set-cookie', [...list, parts.join('; ')]);
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && ab.length > 0 && timingSafeEqual(ab, bb);
}

/** ?lang= (remembered in a cookie), else the cookie, else Accept-Language, else English. */
export function resolveLang(req: FastifyRequest, reply: FastifyReply): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'fr') {
    setCookie(req, reply, 'srx_lang', q, { maxAge: 365 * 86400, httpOnly: false });
    return q;
  }
  const c = parseCookies(req.headers.cookie).srx_lang;
  if (c === 'en' || c === 'fr') return c;
  const accept = String(req.headers['accept-language'] ?? '').toLowerCase();
  const fr = accept.indexOf('fr');
  const en = accept.indexOf('en');
  return fr >= 0 && (en < 0 || fr < en) ? 'fr' : 'en';
}

/** The URL without its `lang` parameter (for the language switch link). */
export function hereWithoutLang(req: FastifyRequest): string {
  const u = new URL(req.url, 'http://x');
  u.searchParams.delete('lang');
  return `${u.pathname}${u.search}`;
}

export function formBody(req: FastifyRequest): Record<string, string> {
  return req.body && typeof req.body === 'object' ? (req.body as Record<string, string>) : {};
}

/** Only local inbox paths may be a post-login destination (no open redirect). */
export function safeNext(next: string | undefined): string {
  return next && /^\/inbox(\/[A-Za-z0-9\-._~/%?=&]*)?$/.test(next) && !next.startsWith('//')
    ? next
    : '/inbox';
}

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // Referral pages carry patient data: never cache them.
  'cache-control': 'no-store',
};
