import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listAudit, recordAudit } from '../audit/audit';
import { createSession, deleteSession, readSession, type Session } from '../auth/sessions';
import { authenticate } from '../auth/users';
import type { NavigatorContext } from '../context';
import { listFeedback, resolveFeedback } from '../hsds/feedback';
import { CapacityStatus } from '../hsds/schemas';
import { setCapacity } from '../hsds/store';
import { ActionInput, performAction } from './actions';
import { INBOX_CSS } from './assets';
import {
  formBody,
  hereWithoutLang,
  parseCookies,
  resolveLang,
  safeEqual,
  safeNext,
  SECURITY_HEADERS,
  setCookie,
} from './http';
import { isMessageKey, translator } from './i18n';
import { searchPrograms } from './programs';
import { countByGroup, listReferrals, loadReferral, STATE_GROUP_NAMES, type StateGroup } from './referrals';
import { auditPage } from './views/audit';
import { detailPage } from './views/detail';
import { feedbackPage } from './views/feedback';
import { type Flash, messagePage, type PageContext } from './views/layout';
import { listPage } from './views/list';
import { loginPage } from './views/login';
import { programsPage } from './views/programs';

const SESSION_COOKIE = 'srx_session';
const LOGIN_CSRF_COOKIE = 'srx_login';
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

declare module 'fastify' {
  interface FastifyRequest {
    session?: Session;
  }
}

function pageContext(req: FastifyRequest, reply: FastifyReply): PageContext {
  const lang = resolveLang(req, reply);
  return {
    lang,
    t: translator(lang),
    user: req.session?.user ?? null,
    csrf: req.session?.csrfToken ?? null,
    here: hereWithoutLang(req),
  };
}

function sendHtml(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(page);
}

/** Flash text after a redirect: only known message keys (never free text from the URL). */
function flashFromQuery(ctx: PageContext, q: unknown): Flash | undefined {
  const done = (q as Record<string, unknown> | undefined)?.done;
  if (typeof done !== 'string') return undefined;
  const key = `done_${done.replace(/-/g, '_')}`;
  if (isMessageKey(key)) return { kind: 'notice', text: ctx.t(key) };
  if (done === 'feedback' || done === 'capacity')
    return { kind: 'notice', text: ctx.t(done === 'feedback' ? 'feedbackDone' : 'capacityDone') };
  return undefined;
}

/** Link-worker inbox: server-rendered HTML, English and French, no client script. */
export async function inboxRoutes(app: FastifyInstance, ctx: NavigatorContext): Promise<void> {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_req, body, done) => {
      const out: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(body as string)) out[k] = v;
      done(null, out);
    },
  );

  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!reply.getHeader(k)) reply.header(k, v);
    return payload;
  });

  app.setErrorHandler((err, req, reply) => {
    const status =
      typeof (err as { statusCode?: unknown }).statusCode === 'number'
        ? (err as { statusCode: number }).statusCode
        : 500;
    if (status >= 500) ctx.log('error', 'inbox.error', { route: req.routeOptions.url ?? null });
    const page = pageContext(req, reply);
    return sendHtml(
      reply,
      status,
      messagePage(page, page.t('notFound'), status >= 500 ? 'Internal error' : (err as Error).message),
    );
  });

  // Session for every route; sign-in required except for the login page and the stylesheet.
  app.addHook('preHandler', async (req, reply) => {
    const path = req.routeOptions.url ?? '';
    req.session = (await readSession(ctx.db, parseCookies(req.headers.cookie)[SESSION_COOKIE])) ?? undefined;
    if (path === '/inbox/login' || path === '/inbox/assets/inbox.css') return;
    if (!req.session) {
      const next = req.method === 'GET' ? req.url : '/inbox';
      return reply.redirect(`/inbox/login?next=${encodeURIComponent(next)}`, 303);
    }
    if (req.method === 'POST') {
      const token = formBody(req)._csrf ?? '';
      if (!safeEqual(token, req.session.csrfToken)) {
        const page = pageContext(req, reply);
        return sendHtml(reply, 403, messagePage(page, page.t('forbidden'), page.t('csrfFailed')));
      }
    }
  });

  app.setNotFoundHandler((req, reply) => {
    const page = pageContext(req, reply);
    return sendHtml(reply, 404, messagePage(page, page.t('notFound'), page.t('notFoundText')));
  });

  app.get('/assets/inbox.css', async (_req, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(INBOX_CSS),
  );

  app.get<{ Querystring: { next?: string } }>('/login', async (req, reply) => {
    if (req.session) return reply.redirect(safeNext(req.query.next), 303);
    const page = pageContext(req, reply);
    const loginCsrf = randomBytes(24).toString('base64url');
    setCookie(req, reply, LOGIN_CSRF_COOKIE, loginCsrf);
    const flash = (req.query as Record<string, unknown>).expired
      ? { kind: 'alert' as const, text: page.t('sessionExpired') }
      : undefined;
    return sendHtml(reply, 200, loginPage(page, loginCsrf, safeNext(req.query.next), flash));
  });

  app.post('/login', async (req, reply) => {
    const page = pageContext(req, reply);
    const body = formBody(req);
    const next = safeNext(body.next);
    const cookieToken = parseCookies(req.headers.cookie)[LOGIN_CSRF_COOKIE] ?? '';
    const freshCsrf = randomBytes(24).toString('base64url');
    setCookie(req, reply, LOGIN_CSRF_COOKIE, freshCsrf);
    if (!safeEqual(body._csrf ?? '', cookieToken)) {
      return sendHtml(
        reply,
        403,
        loginPage(page, freshCsrf, next, { kind: 'alert', text: page.t('csrfFailed') }),
      );
    }
    const username = (body.username ?? '').slice(0, 64);
    const user = await authenticate(ctx.db, username, (body.password ?? '').slice(0, 1024));
    if (!user) {
      await recordAudit(ctx.db, { actorType: 'user', actor: username || '(empty)', action: 'login.failed' });
      return sendHtml(
        reply,
        401,
        loginPage(page, freshCsrf, next, { kind: 'alert', text: page.t('signInFailed') }, username),
      );
    }
    const { cookie } = await createSession(ctx.db, user);
    setCookie(req, reply, SESSION_COOKIE, cookie);
    await recordAudit(ctx.db, { actorType: 'user', actor: user.username, action: 'login' });
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (req, reply) => {
    await deleteSession(ctx.db, parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    setCookie(req, reply, SESSION_COOKIE, '', { maxAge: 0 });
    return reply.redirect('/inbox/login', 303);
  });

  app.get<{ Querystring: { state?: string } }>('/', async (req, reply) => {
    const page = pageContext(req, reply);
    const requested = req.query.state;
    const group: StateGroup =
      requested === 'all' || (STATE_GROUP_NAMES as string[]).includes(requested ?? '')
        ? (requested as StateGroup)
        : 'new';
    const [counts, rows] = await Promise.all([countByGroup(ctx.db), listReferrals(ctx.db, group)]);
    return sendHtml(reply, 200, listPage(page, group, counts, rows, flashFromQuery(page, req.query)));
  });

  app.get<{ Params: { id: string } }>('/referrals/:id', async (req, reply) => {
    const page = pageContext(req, reply);
    const detail = ID.test(req.params.id) ? await loadReferral(ctx.db, req.params.id) : null;
    if (!detail) return sendHtml(reply, 404, messagePage(page, page.t('notFound'), page.t('notFoundText')));
    return sendHtml(reply, 200, detailPage(page, detail, flashFromQuery(page, req.query)));
  });

  app.post<{ Params: { id: string } }>('/referrals/:id/action', async (req, reply) => {
    const page = pageContext(req, reply);
    const id = req.params.id;
    if (!ID.test(id))
      return sendHtml(reply, 404, messagePage(page, page.t('notFound'), page.t('notFoundText')));
    const body = formBody(req);
    const version = Number(body.version);
    const parsed = ActionInput.safeParse(body);
    const rerender = async (status: number, text: string) => {
      const detail = await loadReferral(ctx.db, id);
      if (!detail) return sendHtml(reply, 404, messagePage(page, page.t('notFound'), page.t('notFoundText')));
      return sendHtml(reply, status, detailPage(page, detail, { kind: 'alert', text }));
    };
    if (!parsed.success || !Number.isInteger(version)) {
      const issue = parsed.success ? null : parsed.error.issues[0];
      const field = issue?.path.join('.') || 'version';
      const text =
        issue?.code === 'too_big'
          ? page.t('errorTooLong', { field, max: String((issue as { maximum?: unknown }).maximum ?? '') })
          : page.t('errorRequired', { field });
      return rerender(400, text);
    }
    const result = await performAction(ctx.db, id, version, parsed.data, req.session!.user);
    if (!result.ok) {
      if (result.reason === 'not-found')
        return sendHtml(reply, 404, messagePage(page, page.t('notFound'), page.t('notFoundText')));
      return rerender(
        409,
        result.reason === 'conflict' ? page.t('errorConflict') : page.t('errorNotAllowed'),
      );
    }
    ctx.log('info', 'inbox.action', { action: parsed.data.action, task: id, status: result.task.status });
    return reply.redirect(`/inbox/referrals/${encodeURIComponent(id)}?done=${parsed.data.action}`, 303);
  });

  app.get<{ Querystring: { status?: string } }>('/feedback', async (req, reply) => {
    const page = pageContext(req, reply);
    const status = req.query.status === 'resolved' ? 'resolved' : 'open';
    return sendHtml(
      reply,
      200,
      feedbackPage(page, status, await listFeedback(ctx.db, status), flashFromQuery(page, req.query)),
    );
  });

  app.post<{ Params: { id: string } }>('/feedback/:id/resolve', async (req, reply) => {
    if (ID.test(req.params.id)) await resolveFeedback(ctx.db, req.params.id, req.session!.user.username);
    return reply.redirect('/inbox/feedback?done=feedback', 303);
  });

  app.get<{ Querystring: { q?: string } }>('/programs', async (req, reply) => {
    const page = pageContext(req, reply);
    const q = (req.query.q ?? '').slice(0, 200);
    const { rows, total } = await searchPrograms(ctx.db, q);
    return sendHtml(reply, 200, programsPage(page, q, rows, total, flashFromQuery(page, req.query)));
  });

  const count = z
    .string()
    .trim()
    .regex(/^\d{0,6}$/)
    .default('')
    .transform((v) => (v === '' ? null : Number(v)));
  const CapacityForm = z.object({ capacity: CapacityStatus, available: count, maximum: count });
  app.post<{ Params: { id: string } }>('/programs/:id/capacity', async (req, reply) => {
    const page = pageContext(req, reply);
    const parsed = CapacityForm.safeParse(formBody(req));
    if (!parsed.success || !/^[A-Za-z0-9._:-]{1,200}$/.test(req.params.id)) {
      return sendHtml(
        reply,
        400,
        messagePage(page, page.t('programsTitle'), page.t('errorRequired', { field: page.t('capacity') })),
      );
    }
    const cap = {
      status: parsed.data.capacity,
      available: parsed.data.available ?? null,
      maximum: parsed.data.maximum ?? null,
    };
    const ok = await ctx.db.transaction(async (tx) => {
      if (!(await setCapacity(tx, req.params.id, cap))) return false;
      await recordAudit(tx, {
        actorType: 'user',
        actor: req.session!.user.username,
        action: 'service.capacity',
        entity: `Service/${req.params.id}`,
        detail: { capacity: cap.status, available: cap.available, maximum: cap.maximum },
      });
      return true;
    });
    if (!ok) return sendHtml(reply, 404, messagePage(page, page.t('notFound'), page.t('notFoundText')));
    return reply.redirect('/inbox/programs?done=capacity', 303);
  });

  app.get<{ Querystring: { before?: string } }>('/audit', async (req, reply) => {
    const page = pageContext(req, reply);
    if (req.session!.user.role !== 'admin')
      return sendHtml(reply, 403, messagePage(page, page.t('forbidden'), page.t('forbiddenText')));
    const before =
      req.query.before && /^\d{1,18}$/.test(req.query.before) ? Number(req.query.before) : undefined;
    const limit = 200;
    const rows = await listAudit(ctx.db, { limit, beforeId: before });
    return sendHtml(reply, 200, auditPage(page, rows, rows.length === limit ? rows.at(-1)!.id : null));
  });
}
