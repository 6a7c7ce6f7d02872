import type { SocialRxDatabase } from '@/lib/db';
import type { EncryptedBlob } from '@/lib/db/schema';
import { log } from '@/lib/platform/log';
import type { Sealer } from '@/lib/platform/sealer';
import type { Outcome } from './classify';
import {
  OutboxRecord,
  ReferralRecord,
  type ReferralDetail,
  type ReferralState,
  type TimelineEntry,
} from './records';
import type { ReferralPriority } from './request';
import type { SdohCategory } from '@/lib/visit/schema';

/**
 * The durable outbox (reliability.md §2.1). One record per referral UUID. Rules kept here:
 * - persist before send, in one `readwrite` transaction with `durability: 'strict'`, across `outbox` + `referrals`;
 * - a send needs a lease won by compare-and-set inside one transaction, so two drains never send the same record
 *   under the same lease;
 * - nothing leaves the outbox except by a 2xx (state `sent`, payload dropped, receipt kept) or an explicit user action;
 * - no non-IndexedDB await inside a transaction (it would auto-commit): sealing and opening happen outside.
 */
export interface OutboxStore {
  db: SocialRxDatabase;
  sealer: Sealer;
  now: () => number;
}

const STRICT = { durability: 'strict' } as const;
export const OVERDUE_MS = 24 * 3600_000;
const PAUSE_KEY = 'outbox:pause';
const HOLD_KEY = 'outbox:hold';

function parseOutbox(value: unknown): OutboxRecord | null {
  const r = OutboxRecord.safeParse(value);
  if (!r.success) log('warn', 'outbox.record-invalid', { path: r.error.issues[0]?.path.join('.') ?? '' });
  return r.success ? r.data : null;
}
function parseReferral(value: unknown): ReferralRecord | null {
  const r = ReferralRecord.safeParse(value);
  if (!r.success) log('warn', 'referral.record-invalid', { path: r.error.issues[0]?.path.join('.') ?? '' });
  return r.success ? r.data : null;
}

export interface EnqueueInput {
  id: string;
  target: string;
  createdBy: string;
  bundle: unknown;
  needs: SdohCategory[];
  programCount: number;
  letNavigatorChoose: boolean;
  priority: ReferralPriority;
  detail: ReferralDetail;
}

/** Persists a referral. Resolves only after the transaction is durably committed. Idempotent per id. */
export async function enqueue(store: OutboxStore, input: EnqueueInput): Promise<'queued' | 'exists'> {
  const [payload, detail] = await Promise.all([
    store.sealer.seal(input.bundle),
    store.sealer.seal(input.detail),
  ]);
  return enqueueSealed(store, { ...input, payload, detail });
}

export type SealedEnqueueInput = Omit<EnqueueInput, 'bundle' | 'detail'> & {
  /** `store.sealer.seal(bundle)` */
  payload: EncryptedBlob;
  /** `store.sealer.seal(detail)` */
  detail: EncryptedBlob;
};

/**
 * `enqueue` with the sealing already done, so a caller can seal while it does other work (the click's critical path).
 * Same guarantees: one strict-durability transaction, resolves after it commits, idempotent per id.
 */
export async function enqueueSealed(
  store: OutboxStore,
  input: SealedEnqueueInput,
): Promise<'queued' | 'exists'> {
  const { payload, detail } = input;
  const now = store.now();
  const tx = store.db.transaction(['outbox', 'referrals'], 'readwrite', STRICT);
  const outbox = tx.objectStore('outbox');
  const referrals = tx.objectStore('referrals');
  if ((await outbox.get(input.id)) || (await referrals.get(input.id))) {
    await tx.done;
    return 'exists';
  }
  const record: OutboxRecord = {
    id: input.id,
    state: 'queued',
    target: input.target,
    createdAt: now,
    createdBy: input.createdBy,
    updatedAt: now,
    attempts: 0,
    nextAttemptAt: now,
    leaseUntil: 0,
    leaseToken: null,
    payload,
    lastCode: null,
    lastStatus: null,
    reason: null,
    firstFailureAt: null,
    receipt: null,
    checked: false,
  };
  const referral: ReferralRecord = {
    id: input.id,
    state: 'queued',
    createdAt: now,
    updatedAt: now,
    createdBy: input.createdBy,
    target: input.target,
    needs: input.needs,
    programCount: input.programCount,
    letNavigatorChoose: input.letNavigatorChoose,
    priority: input.priority,
    sentAt: null,
    acceptedAt: null,
    completedAt: null,
    closedAt: null,
    taskId: null,
    taskLastUpdated: null,
    timeline: [{ at: now, state: 'queued', raw: null, source: 'local' }],
    detail,
  };
  void outbox.put(record);
  void referrals.put(referral);
  await tx.done;
  return 'queued';
}

/**
 * Due now: queued and past its backoff, or a lease that has expired (its holder died). Never-tried referrals come first
 * (a drain's first send is its probe of the navigator, and a record that failed before is the likeliest to fail again),
 * then by due time.
 */
export async function listDue(store: OutboxStore): Promise<OutboxRecord[]> {
  const now = store.now();
  const tx = store.db.transaction('outbox', 'readonly');
  const [queued, sending] = await Promise.all([
    tx.store.index('byState').getAll('queued'),
    tx.store.index('byState').getAll('sending'),
  ]);
  await tx.done;
  return [...queued, ...sending]
    .map(parseOutbox)
    .filter((r): r is OutboxRecord => !!r)
    .filter((r) => (r.state === 'queued' ? r.nextAttemptAt <= now : r.leaseUntil <= now))
    .sort(
      (a, b) =>
        Number(a.attempts > 0) - Number(b.attempts > 0) ||
        a.nextAttemptAt - b.nextAttemptAt ||
        a.createdAt - b.createdAt,
    );
}

/** Compare-and-set claim: wins only if the record is still due, in the same transaction that writes the lease. */
export async function claim(
  store: OutboxStore,
  id: string,
  token: string,
  leaseMs: number,
): Promise<OutboxRecord | null> {
  const now = store.now();
  const tx = store.db.transaction('outbox', 'readwrite', STRICT);
  const current = parseOutbox(await tx.store.get(id));
  const due =
    !!current &&
    ((current.state === 'queued' && current.nextAttemptAt <= now) ||
      (current.state === 'sending' && current.leaseUntil <= now));
  if (!current || !due) {
    await tx.done;
    return null;
  }
  const claimed: OutboxRecord = {
    ...current,
    state: 'sending',
    leaseToken: token,
    leaseUntil: now + leaseMs,
    updatedAt: now,
  };
  void tx.store.put(claimed);
  await tx.done;
  return claimed;
}

const taskIdFrom = (location: string | null): string | null =>
  location ? (/(?:^|\/)Task\/([A-Za-z0-9\-.]{1,64})/.exec(location)?.[1] ?? null) : null;

function advance(
  r: ReferralRecord,
  state: ReferralState,
  at: number,
  extra: Partial<ReferralRecord> = {},
): ReferralRecord {
  const entry: TimelineEntry = { at, state, raw: null, source: 'local' };
  return { ...r, ...extra, state, updatedAt: at, timeline: [...r.timeline, entry].slice(-200) };
}

/**
 * Records the outcome of an attempt made under `token`. A 2xx is always recorded (it is the truth, even if the lease
 * expired meanwhile); anything else only by the current lease holder, so a late answer cannot undo newer state.
 * `checked`: the attempt validated the payload in full (it is remembered so later attempts skip that work).
 * Returns whether the outcome was applied.
 */
export async function recordOutcome(
  store: OutboxStore,
  id: string,
  token: string,
  outcome: Outcome,
  sealedReason: EncryptedBlob | null = null,
  checked = false,
): Promise<boolean> {
  const now = store.now();
  const tx = store.db.transaction(['outbox', 'referrals'], 'readwrite', STRICT);
  const outbox = tx.objectStore('outbox');
  const referrals = tx.objectStore('referrals');
  const current = parseOutbox(await outbox.get(id));
  const referral = parseReferral(await referrals.get(id));
  if (!current || current.state === 'sent') {
    await tx.done;
    return false;
  }
  const holder = current.state === 'sending' && current.leaseToken === token;
  if (outcome.kind !== 'sent' && !holder) {
    await tx.done;
    return false;
  }
  const released = { leaseToken: null, leaseUntil: 0, updatedAt: now, checked: current.checked || checked };
  if (outcome.kind === 'sent') {
    void outbox.put({
      ...current,
      ...released,
      state: 'sent',
      payload: null,
      reason: null,
      lastCode: null,
      lastStatus: outcome.status,
      receipt: outcome.receipt,
    });
    if (referral && (referral.state === 'queued' || referral.state === 'needs-attention'))
      void referrals.put(
        advance(referral, 'sent', now, { sentAt: now, taskId: taskIdFrom(outcome.receipt.task) }),
      );
  } else if (outcome.kind === 'retry') {
    void outbox.put({
      ...current,
      ...released,
      state: 'queued',
      attempts: current.attempts + 1,
      nextAttemptAt: outcome.nextAttemptAt,
      lastCode: outcome.code,
      lastStatus: outcome.status,
      firstFailureAt: current.firstFailureAt ?? now,
    });
    if (referral && referral.state === 'needs-attention')
      void referrals.put(advance(referral, 'queued', now));
  } else if (outcome.kind === 'auth') {
    // Not the record's fault: back to the queue untouched (no attempt counted); the queue is paused instead.
    void outbox.put({
      ...current,
      ...released,
      state: 'queued',
      lastCode: outcome.code,
      lastStatus: outcome.status,
    });
  } else {
    void outbox.put({
      ...current,
      ...released,
      state: 'needs-attention',
      attempts: current.attempts + 1,
      lastCode: outcome.code,
      lastStatus: outcome.status,
      reason: sealedReason,
      firstFailureAt: current.firstFailureAt ?? now,
    });
    if (referral && referral.state !== 'needs-attention')
      void referrals.put(advance(referral, 'needs-attention', now));
  }
  await tx.done;
  return true;
}

/** Leases whose holder is gone because they expired go back to the queue. */
export function recoverExpiredLeases(store: OutboxStore): Promise<number> {
  const now = store.now();
  return recoverLeases(store, (r) => r.leaseUntil <= now);
}

/**
 * At service-worker start: every lease not held by this worker goes back to the queue at once, expired or not. Only
 * the background service worker drains, and Chrome runs one instance of it: a lease found at start-up that this
 * worker did not take (`live`: the tokens its drainer holds now, since a message or alarm may have started a drain
 * before start-up got here) belongs to a worker that is dead, and its fetch died with it (a killed worker's requests
 * are cancelled). Re-sending at once is safe because the navigator dedups by Idempotency-Key and the ServiceRequest
 * identifier (a request the dead worker had already delivered is answered 200 "already exists"), and waiting for the
 * lease to expire would only delay delivery by up to the lease length.
 */
export function recoverDeadLeases(store: OutboxStore, live: ReadonlySet<string>): Promise<number> {
  return recoverLeases(store, (r) => r.leaseToken === null || !live.has(r.leaseToken));
}

async function recoverLeases(store: OutboxStore, dead: (r: OutboxRecord) => boolean): Promise<number> {
  const now = store.now();
  const tx = store.db.transaction('outbox', 'readwrite', STRICT);
  let n = 0;
  for (let c = await tx.store.index('byState').openCursor('sending'); c; c = await c.continue()) {
    const r = parseOutbox(c.value);
    if (r && dead(r)) {
      await c.update({ ...r, state: 'queued', leaseToken: null, leaseUntil: 0, updatedAt: now });
      n++;
    }
  }
  await tx.done;
  return n;
}

/** User action "retry": a record needing attention goes back to the queue now. */
export async function retryNow(store: OutboxStore, id: string): Promise<boolean> {
  const now = store.now();
  const tx = store.db.transaction(['outbox', 'referrals'], 'readwrite', STRICT);
  const current = parseOutbox(await tx.objectStore('outbox').get(id));
  if (!current || (current.state !== 'needs-attention' && current.state !== 'queued')) {
    await tx.done;
    return false;
  }
  void tx
    .objectStore('outbox')
    .put({ ...current, state: 'queued', nextAttemptAt: now, reason: null, updatedAt: now });
  const referral = parseReferral(await tx.objectStore('referrals').get(id));
  if (referral?.state === 'needs-attention')
    void tx.objectStore('referrals').put(advance(referral, 'queued', now));
  await tx.done;
  return true;
}

/** User action "discard": the unsent referral and its payload are deleted; the record shows it was discarded. */
export async function discard(store: OutboxStore, id: string): Promise<boolean> {
  const now = store.now();
  const tx = store.db.transaction(['outbox', 'referrals'], 'readwrite', STRICT);
  const current = parseOutbox(await tx.objectStore('outbox').get(id));
  // A record being sent right now may already be at the navigator: discarding it would lie about what happened.
  if (!current || current.state === 'sent' || (current.state === 'sending' && current.leaseUntil > now)) {
    await tx.done;
    return false;
  }
  void tx.objectStore('outbox').delete(id);
  const referral = parseReferral(await tx.objectStore('referrals').get(id));
  if (referral) void tx.objectStore('referrals').put(advance(referral, 'discarded', now, { closedAt: now }));
  await tx.done;
  return true;
}

export async function getOutbox(store: OutboxStore, id: string): Promise<OutboxRecord | null> {
  return parseOutbox(await store.db.get('outbox', id));
}

export async function allOutbox(store: OutboxStore): Promise<OutboxRecord[]> {
  return (await store.db.getAll('outbox')).map(parseOutbox).filter((r): r is OutboxRecord => !!r);
}

export interface BadgeCounts {
  pending: number;
  needsAttention: number;
  paused: boolean;
}

/** For the action icon: pending (queued or sending) and needing attention (4xx, or retrying for over a day). */
export async function badgeCounts(store: OutboxStore): Promise<BadgeCounts> {
  const now = store.now();
  const records = await allOutbox(store);
  let pending = 0;
  let needsAttention = 0;
  for (const r of records) {
    if (r.state === 'needs-attention') needsAttention++;
    else if (r.state === 'queued' || r.state === 'sending') {
      pending++;
      if (r.firstFailureAt !== null && now - r.firstFailureAt > OVERDUE_MS) needsAttention++;
    }
  }
  return { pending, needsAttention, paused: (await getPause(store)) !== null };
}

/** Badge text: needs attention wins ("!2"), else the pending count, else nothing. */
export function badgeText(c: BadgeCounts): string {
  if (c.paused && c.pending > 0) return '!';
  if (c.needsAttention > 0) return `!${c.needsAttention}`;
  return c.pending > 0 ? String(c.pending) : '';
}

/** Receipts (sent records without payload) older than the retention are purged. */
export async function purgeReceipts(store: OutboxStore, retentionMs: number): Promise<number> {
  const cutoff = store.now() - retentionMs;
  const tx = store.db.transaction('outbox', 'readwrite');
  let n = 0;
  for (let c = await tx.store.index('byState').openCursor('sent'); c; c = await c.continue()) {
    if (
      (c.value as { updatedAt?: number }).updatedAt !== undefined &&
      (c.value.updatedAt as number) < cutoff
    ) {
      await c.delete();
      n++;
    }
  }
  await tx.done;
  return n;
}

export interface Pause {
  code: string;
  status: number;
  at: number;
  /** Which token was refused: a different token means the user signed in again. */
  tokenFingerprint: string;
}

export async function getPause(store: OutboxStore): Promise<Pause | null> {
  const v = (await store.db.get('meta', PAUSE_KEY)) as Partial<Pause> | undefined;
  return v && typeof v.code === 'string' && typeof v.tokenFingerprint === 'string' ? (v as Pause) : null;
}
export async function setPause(store: OutboxStore, pause: Pause | null): Promise<void> {
  if (pause) await store.db.put('meta', pause, PAUSE_KEY);
  else await store.db.delete('meta', PAUSE_KEY);
}
/** A queue-wide "not before" set by a server's Retry-After (429/503). */
export async function getHold(store: OutboxStore): Promise<number> {
  const v = await store.db.get('meta', HOLD_KEY);
  return typeof v === 'number' ? v : 0;
}
export async function setHold(store: OutboxStore, until: number): Promise<void> {
  const tx = store.db.transaction('meta', 'readwrite');
  const prev = await tx.store.get(HOLD_KEY);
  if (typeof prev !== 'number' || prev < until) await tx.store.put(until, HOLD_KEY);
  await tx.done;
}
