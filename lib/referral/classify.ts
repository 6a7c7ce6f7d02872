import { z } from 'zod';
import type { FhirResult } from '@/lib/fhir/client';

/**
 * What to do with the answer to a referral POST (reliability.md §2.1.5, §2.2). Pure: time and randomness are inputs.
 */
export type Outcome =
  | { kind: 'sent'; status: number; receipt: Receipt }
  | {
      kind: 'retry';
      code: string;
      status: number | null;
      nextAttemptAt: number;
      holdQueueUntil: number | null;
    }
  | { kind: 'attention'; code: string; status: number; reason: string }
  | { kind: 'auth'; code: string; status: number };

export interface Receipt {
  status: number;
  at: number;
  /** Server locations from the transaction-response (e.g. Task/123/_history/1). */
  task: string | null;
  serviceRequest: string | null;
}

export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 30 * 60_000;
/** A server asking for more than a day is treated as a day: the record is flagged overdue by then anyway. */
export const RETRY_AFTER_CAP_MS = 24 * 3600_000;

/** Full jitter: uniform in [0, min(cap, base·2^attempt)). `attempt` counts previous failed attempts (0 first). */
export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 20));
  return Math.floor(random() * ceiling);
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, RETRY_AFTER_CAP_MS);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now), RETRY_AFTER_CAP_MS);
}

/**
 * An OperationOutcome as the navigator may send it: a boundary, so every part is optional and typed. Texts are not
 * capped here (the body already is, and the reason is cut to 500 below) so a long diagnostic still reads.
 */
const OutcomeIssue = z.object({
  severity: z.string().optional(),
  code: z.string().optional(),
  diagnostics: z.string().optional(),
  details: z.object({ text: z.string().optional() }).optional(),
  expression: z.array(z.unknown()).optional(),
});
const OperationOutcomeIn = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(z.unknown()).optional(),
});

/** A readable reason from an OperationOutcome (issue texts, with the element path when given). */
export function outcomeText(body: unknown, status: number): string {
  const outcome = OperationOutcomeIn.safeParse(body);
  if (outcome.success) {
    // Issues that do not fit the schema are skipped one by one: a bad issue must not hide a readable one.
    const parts = (outcome.data.issue ?? [])
      .slice(0, 100)
      .map((raw) => OutcomeIssue.safeParse(raw))
      .flatMap((r) => (r.success ? [r.data] : []))
      .filter((i) => i.severity !== 'information')
      .map((i) => {
        const text = i.details?.text || i.diagnostics || i.code || '';
        const where = typeof i.expression?.[0] === 'string' ? i.expression[0].slice(0, 300) : '';
        return where ? `${text} (${where})`.trim() : text;
      })
      .filter(Boolean);
    if (parts.length) return parts.join('; ').slice(0, 500);
  }
  return `HTTP ${status}`;
}

function locations(body: unknown): { task: string | null; serviceRequest: string | null } {
  const out = { task: null as string | null, serviceRequest: null as string | null };
  if (!body || typeof body !== 'object') return out;
  const entries = (body as { entry?: unknown }).entry;
  if (!Array.isArray(entries)) return out;
  for (const e of entries) {
    const loc = (e as { response?: { location?: unknown } } | null)?.response?.location;
    if (typeof loc !== 'string') continue;
    const type = loc.replace(/^.*?\b(Task|ServiceRequest)\//, '$1/').split('/')[0];
    if (type === 'Task' && !out.task) out.task = loc.slice(0, 300);
    if (type === 'ServiceRequest' && !out.serviceRequest) out.serviceRequest = loc.slice(0, 300);
  }
  return out;
}

export interface ClassifyContext {
  now: number;
  /** Failed attempts before this one. */
  attempts: number;
  random: () => number;
}

export function classify(result: FhirResult, ctx: ClassifyContext): Outcome {
  const retry = (code: string, status: number | null, retryAfterMs: number | null = null): Outcome => {
    const delay = Math.max(backoffMs(ctx.attempts, ctx.random), retryAfterMs ?? 0);
    return {
      kind: 'retry',
      code,
      status,
      nextAttemptAt: ctx.now + delay,
      // A server that says "wait" means every referral, not only this one.
      holdQueueUntil: retryAfterMs !== null ? ctx.now + retryAfterMs : null,
    };
  };
  if (result.kind === 'error') return retry(result.error, null);
  const { status } = result;
  if (status >= 200 && status < 300)
    return { kind: 'sent', status, receipt: { status, at: ctx.now, ...locations(result.body) } };
  if (status === 401 || status === 403) return { kind: 'auth', code: `http-${status}`, status };
  // 409: the same Idempotency-Key is being processed right now (or a version conflict): try again later.
  if (status === 409) return retry('http-409', status, parseRetryAfter(result.retryAfter, ctx.now));
  if (status === 408 || status === 429 || status >= 500)
    return retry(`http-${status}`, status, parseRetryAfter(result.retryAfter, ctx.now));
  // 400/412/422 and any other answer we cannot fix by waiting: a person must look; the payload is kept.
  return { kind: 'attention', code: `http-${status}`, status, reason: outcomeText(result.body, status) };
}
