import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { NavigatorContext } from '../context';
import { retryStats } from '../db/database';
import { parseTokenCriterion } from '../fhir/identifiers';
import type { FaultInjector } from './injector';
import { FaultPlan } from './plan';
import { referralCounts, totals } from './counts';

declare module 'fastify' {
  interface FastifyRequest {
    dropAfterCommit?: boolean;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Applies the fault plan to every request except /__test/*. Registered on the root instance (onRequest), before
 * authentication and body parsing, so a 'reset' looks like a dead server to the client.
 */
export function installFaultHooks(app: FastifyInstance, faults: FaultInjector): void {
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (path.startsWith('/__test')) return;
    const rule = faults.pick(req.method, path);
    if (!rule) return;
    switch (rule.kind) {
      case 'delay':
        await sleep(rule.delayMs ?? 0);
        return;
      case 'status': {
        const status = rule.status ?? 500;
        if (rule.retryAfter !== undefined) reply.header('retry-after', String(rule.retryAfter));
        return reply
          .code(status)
          .header('content-type', 'application/fhir+json; charset=utf-8')
          .send(
            JSON.stringify({
              resourceType: 'OperationOutcome',
              issue: [
                {
                  severity: 'error',
                  code: status === 429 ? 'throttled' : 'transient',
                  diagnostics: `injected fault: ${status}`,
                },
              ],
            }),
          );
      }
      case 'reset':
        reply.hijack();
        req.raw.socket.destroy();
        return;
      case 'commit-then-drop':
        req.dropAfterCommit = true;
        return;
    }
  });
  // The handler has run (and committed) by the time onSend fires: drop the connection instead of answering.
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.dropAfterCommit && reply.statusCode < 300) {
      reply.hijack();
      req.raw.socket.destroy();
    }
    return payload;
  });
}

const CountsBody = z
  .object({ identifiers: z.array(z.string().min(1).max(1024)).min(1).max(10_000) })
  .strict();

export async function testRoutes(
  app: FastifyInstance,
  ctx: NavigatorContext,
  faults: FaultInjector,
): Promise<void> {
  app.post('/faults', async (req, reply) => {
    const parsed = FaultPlan.safeParse(req.body);
    if (!parsed.success)
      return reply.code(400).send({ error: 'invalid fault plan', issues: parsed.error.issues });
    return { rules: faults.setPlan(parsed.data) };
  });
  app.get('/faults', async () => ({ rules: faults.current(), injected: faults.injected }));
  app.delete('/faults', async () => {
    faults.clear();
    return { rules: [] };
  });

  app.get<{ Querystring: { identifier?: string } }>('/counts', async (req, reply) => {
    const raw = req.query.identifier;
    if (typeof raw !== 'string' || raw === '')
      return reply.code(400).send({ error: 'identifier=<system|value> is required' });
    return referralCounts(ctx.db, parseTokenCriterion(raw, 'identifier'));
  });
  app.post('/counts', async (req, reply) => {
    const parsed = CountsBody.safeParse(req.body);
    if (!parsed.success)
      return reply.code(400).send({ error: 'expected {"identifiers": ["system|value", …]}' });
    const out: Record<string, { serviceRequests: number; tasks: number }> = {};
    for (const raw of parsed.data.identifiers)
      out[raw] = await referralCounts(ctx.db, parseTokenCriterion(raw, 'identifier'));
    return out;
  });
  app.get('/stats', async () => ({
    ...(await totals(ctx.db)),
    metrics: ctx.metrics,
    transactionRetries: retryStats.retries,
    faultsInjected: faults.injected,
  }));
}
