import type { Bundle } from '@medplum/fhirtypes';
import { log } from '@/lib/platform/log';
import { checkReferralBundle, type FhirValidator } from './bundle-check';
import { classify, outcomeText, type Outcome } from './classify';
import {
  claim,
  getHold,
  getPause,
  listDue,
  recordOutcome,
  setHold,
  setPause,
  type OutboxStore,
} from './outbox';
import type { OutboxRecord } from './records';
import { normalizeBase, type Transport } from './transport';

export interface DrainDeps extends OutboxStore {
  transport: Transport;
  random: () => number;
  uuid: () => string;
  /** Default 30 s: longer than a fetch may take (10 s timeout), short enough that a dead holder's claim soon frees. */
  leaseMs?: number;
  /** Parallel sends per drain (default 4). */
  concurrency?: number;
  /**
   * The base R4 validator. A payload is validated in full (referral rules + base R4) before its first send, off the
   * click's critical path; an invalid one goes to needs-attention with the issues as its reason, payload kept.
   */
  loadValidator: () => Promise<FhirValidator>;
  /** Called after anything that changes counts (the background refreshes the badge). */
  onChange?: () => void;
  /** Called after an outcome was recorded for a referral (the panel learns of a 2xx without polling). */
  onOutcome?: (referralId: string) => void;
}

export interface DrainResult {
  attempted: number;
  sent: number;
  /** Why the drain stopped early, if it did. */
  stopped: null | 'paused' | 'hold' | 'server-unavailable';
}

const EMPTY: DrainResult = { attempted: 0, sent: 0, stopped: null };

/**
 * The delivery loop. `drain()` is safe to call from every trigger at once (start-up, alarm, enqueue, panel open):
 * calls made while a drain runs share it and cause one more pass, and across contexts the lease (compare-and-set)
 * decides who sends. Every await is a possible crash point; the state in IndexedDB is always restartable.
 */
export function createDrainer(deps: DrainDeps) {
  const leaseMs = deps.leaseMs ?? 30_000;
  const concurrency = Math.max(1, deps.concurrency ?? 4);
  let running: Promise<DrainResult> | null = null;
  let again = false;
  /** Lease tokens this drainer holds right now (added before the claim, removed once the outcome is written). */
  const live = new Set<string>();

  /** null: valid. Otherwise the readable reason (the first issues, each "path: message"). */
  async function invalidReason(id: string, bundle: unknown): Promise<string | null> {
    const validate = await deps.loadValidator();
    // Safety consent was enforced at the click (the rules ran then with the clinician's choice); here the structure.
    const check = checkReferralBundle(bundle as Bundle, { referralId: id, allowSafety: true }, validate);
    return check.valid ? null : check.issues.slice(0, 10).join('\n').slice(0, 2000);
  }

  async function attempt(record: OutboxRecord, baseUrl: string): Promise<Outcome | null> {
    const token = deps.uuid();
    live.add(token);
    try {
      return await attemptUnder(record, baseUrl, token);
    } finally {
      live.delete(token);
    }
  }

  async function attemptUnder(record: OutboxRecord, baseUrl: string, token: string): Promise<Outcome | null> {
    const claimed = await claim(deps, record.id, token, leaseMs);
    if (!claimed) return null; // someone else holds it, or it is no longer due
    let outcome: Outcome;
    let checked = claimed.checked;
    // The pass read the settings when it began; a referral queued since may name a navigator configured since (e.g.
    // the first one): only a mismatch with the settings as they are now means the navigator really changed.
    if (
      normalizeBase(claimed.target) !== baseUrl &&
      normalizeBase(claimed.target) !== (await deps.transport.current()).baseUrl
    ) {
      // The patient consented to this navigator; never redirect a referral to another one.
      outcome = { kind: 'attention', code: 'navigator-changed', status: 0, reason: 'navigator-changed' };
    } else if (!claimed.payload) {
      outcome = { kind: 'attention', code: 'payload-missing', status: 0, reason: 'payload-missing' };
    } else {
      const bundle: unknown = await deps.sealer.open(claimed.payload).catch(() => null);
      const invalid = bundle && !checked ? await invalidReason(claimed.id, bundle) : null;
      checked = !!bundle && invalid === null;
      outcome = !bundle
        ? { kind: 'attention', code: 'payload-unreadable', status: 0, reason: 'payload-unreadable' }
        : invalid !== null
          ? { kind: 'attention', code: 'bundle-invalid', status: 0, reason: invalid }
          : classify(await deps.transport.send(claimed.target, bundle, claimed.id), {
              now: deps.now(),
              attempts: claimed.attempts,
              random: deps.random,
            });
    }
    const reason =
      outcome.kind === 'attention'
        ? await deps.sealer.seal(outcome.reason || outcomeText(null, outcome.status))
        : null;
    const applied = await recordOutcome(deps, claimed.id, token, outcome, reason, checked);
    if (applied) deps.onOutcome?.(claimed.id);
    log(outcome.kind === 'sent' ? 'info' : 'warn', `outbox.${outcome.kind}`, {
      referralId: claimed.id,
      code: outcome.kind === 'sent' ? `http-${outcome.status}` : outcome.code,
      applied,
    });
    return outcome;
  }

  async function pass(): Promise<DrainResult> {
    const current = await deps.transport.current();
    const pause = await getPause(deps);
    if (pause) {
      if (pause.tokenFingerprint === current.tokenFingerprint) return { ...EMPTY, stopped: 'paused' };
      await setPause(deps, null); // a new token: the user signed in again
      log('info', 'outbox.resumed', { reason: 'token-changed' });
    }
    if ((await getHold(deps)) > deps.now()) return { ...EMPTY, stopped: 'hold' };
    const due = await listDue(deps);
    const result: DrainResult = { attempted: 0, sent: 0, stopped: null };
    let next = 0;
    /** Sends due records one after another until none is left, the pass stops, or `max` attempts were made. */
    const worker = async (max = Infinity) => {
      let made = 0;
      while (result.stopped === null && next < due.length && made < max) {
        const record = due[next++]!;
        const outcome = await attempt(record, current.baseUrl);
        if (!outcome) continue;
        made++;
        result.attempted++;
        deps.onChange?.();
        if (outcome.kind === 'sent') result.sent++;
        else if (outcome.kind === 'auth') {
          await setPause(deps, {
            code: outcome.code,
            status: outcome.status,
            at: deps.now(),
            tokenFingerprint: current.tokenFingerprint,
          });
          result.stopped = 'paused';
        } else if (outcome.kind === 'retry' && outcome.code !== 'http-409') {
          // The server or the network is in trouble: stop this pass instead of hammering it with every record.
          if (outcome.holdQueueUntil !== null) await setHold(deps, outcome.holdQueueUntil);
          result.stopped = outcome.holdQueueUntil !== null ? 'hold' : 'server-unavailable';
        }
      }
    };
    // One attempt alone first: if the navigator is down, a pass costs one failed request, not `concurrency` of them
    // (each of which would also push its record's backoff further out). Then the parallel sends.
    await worker(1);
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, due.length)) }, () => worker()));
    return result;
  }

  async function loop(): Promise<DrainResult> {
    const total: DrainResult = { ...EMPTY };
    try {
      do {
        again = false;
        const r = await pass();
        total.attempted += r.attempted;
        total.sent += r.sent;
        total.stopped = r.stopped;
        // Paused or held: every pass would stop at once until the user or the clock acts. After a failed send a
        // drain asked for meanwhile (an enqueue, the alarm, the panel) still gets its pass: one probe, a fresh
        // referral first (listDue), so a new referral is not left waiting for the next alarm behind a retry's failure.
        if (r.stopped === 'paused' || r.stopped === 'hold') break;
      } while (again);
    } finally {
      running = null;
    }
    return total;
  }

  return {
    /** The leases this drainer holds now: start-up recovery must leave them alone (outbox.ts recoverDeadLeases). */
    liveTokens: (): ReadonlySet<string> => live,
    drain(): Promise<DrainResult> {
      if (running) {
        again = true;
        return running;
      }
      running = loop();
      return running;
    },
  };
}
export type Drainer = ReturnType<typeof createDrainer>;
