import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { setLogSink } from '@/lib/platform/log';
import type { SocialRxDatabase } from '@/lib/db';
import type { Sealer } from '@/lib/platform/sealer';
import { createDrainer } from '@/lib/referral/drain';
import { loadReferralValidator } from '@/lib/referral/validator';
import {
  allOutbox,
  badgeCounts,
  badgeText,
  claim,
  discard,
  getOutbox,
  getPause,
  purgeReceipts,
  recoverDeadLeases,
  recoverExpiredLeases,
  retryNow,
  type OutboxStore,
} from '@/lib/referral/outbox';
import { ReferralRecord } from '@/lib/referral/records';
import { createTransport } from '@/lib/referral/transport';
import { FakeNavigator } from './support/fake-navigator';
import {
  Clock,
  enqueueReferral,
  freshDb,
  seededRandom,
  testSealer,
  transportFor,
  uuidFrom,
} from './support/harness';

beforeAll(() => setLogSink(() => {})); // logs are asserted elsewhere; keep test output readable

let db: SocialRxDatabase;
let sealer: Sealer;
let clock: Clock;
let store: OutboxStore;
let nav: FakeNavigator;

beforeEach(async () => {
  db = await freshDb();
  sealer = await testSealer();
  clock = new Clock();
  store = { db, sealer, now: clock.now };
  nav = new FakeNavigator(undefined, clock.now);
});

let tokenSeq = 0;
function drainer(opts: { token?: string; timeoutMs?: number; leaseMs?: number } = {}) {
  const { transport, settings } = transportFor(nav, opts.token, opts.timeoutMs);
  const d = createDrainer({
    ...store,
    transport,
    random: seededRandom(),
    uuid: () => `lease-${++tokenSeq}`,
    leaseMs: opts.leaseMs,
    loadValidator: loadReferralValidator,
  });
  return { ...d, settings };
}
const referral = async (n: number) => ReferralRecord.parse(await db.get('referrals', uuidFrom(n)));

describe('enqueue', () => {
  it('persists outbox and referral records in one strict-durability transaction before replying', async () => {
    const spy = vi.spyOn(db, 'transaction');
    expect(await enqueueReferral(store, 1)).toBe('queued');
    expect(spy).toHaveBeenCalledWith(['outbox', 'referrals'], 'readwrite', { durability: 'strict' });
    const o = await getOutbox(store, uuidFrom(1));
    expect(o).toMatchObject({ state: 'queued', attempts: 0, nextAttemptAt: clock.t });
    expect((await referral(1)).state).toBe('queued');
  });

  it('stores the payload and the details encrypted (no patient data in clear)', async () => {
    await enqueueReferral(store, 1);
    const raw = JSON.stringify(
      [await db.get('outbox', uuidFrom(1)), await db.get('referrals', uuidFrom(1))],
      (_k, v) =>
        v instanceof ArrayBuffer || ArrayBuffer.isView(v)
          ? Buffer.from(v as ArrayBuffer).toString('latin1')
          : v,
    );
    expect(raw).not.toContain('TESTPATIENT');
    expect(raw).not.toContain('9876543225');
    const o = await getOutbox(store, uuidFrom(1));
    expect(await sealer.open(o!.payload!)).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
  });

  it('is idempotent per referral id', async () => {
    await enqueueReferral(store, 1);
    expect(await enqueueReferral(store, 1)).toBe('exists');
    expect(await db.count('outbox')).toBe(1);
  });
});

describe('lease', () => {
  it('compare-and-set: of two simultaneous claims exactly one wins', async () => {
    await enqueueReferral(store, 1);
    const results = await Promise.all([
      claim(store, uuidFrom(1), 'a', 30_000),
      claim(store, uuidFrom(1), 'b', 30_000),
      claim(store, uuidFrom(1), 'c', 30_000),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('a held lease is not claimable until it expires; expired leases go back to the queue at start', async () => {
    await enqueueReferral(store, 1);
    expect(await claim(store, uuidFrom(1), 'a', 30_000)).not.toBeNull();
    expect(await claim(store, uuidFrom(1), 'b', 30_000)).toBeNull();
    expect(await recoverExpiredLeases(store)).toBe(0);
    clock.advance(30_001);
    expect(await recoverExpiredLeases(store)).toBe(1);
    expect(await getOutbox(store, uuidFrom(1))).toMatchObject({ state: 'queued', leaseToken: null });
  });

  it('a worker that died mid-send leaves a lease another drain takes over after expiry; the server dedups', async () => {
    await enqueueReferral(store, 1);
    nav.faults = [{ kind: 'commit-then-hang' }];
    const dead = drainer({ timeoutMs: 60_000 }); // never answers: this "worker" is as good as killed
    void dead.drain();
    await vi.waitFor(() => expect(nav.requests).toHaveLength(1));
    const survivor = drainer();
    expect((await survivor.drain()).attempted).toBe(0); // lease still held
    clock.advance(30_001);
    expect(await survivor.drain()).toMatchObject({ attempted: 1, sent: 1 });
    expect(nav.count('ServiceRequest', uuidFrom(1))).toBe(1);
    expect(nav.count('Task', uuidFrom(1))).toBe(1);
    // Patient, clinic, practitioner, role, navigator, consent, 2 goals, ServiceRequest, Task: each exactly once.
    expect(nav.resources).toHaveLength(10);
  });
});

describe('start-up recovery: leases of a dead worker', () => {
  it('a new worker takes back every lease it does not hold at once, never its own', async () => {
    await enqueueReferral(store, 1);
    await enqueueReferral(store, 2);
    expect(await claim(store, uuidFrom(1), 'dead-worker', 30_000)).not.toBeNull();
    expect(await claim(store, uuidFrom(2), 'mine', 30_000)).not.toBeNull();
    // Not expired: recoverExpiredLeases would wait 30 s; the dead worker's lease comes back now, mine stays.
    expect(await recoverDeadLeases(store, new Set(['mine']))).toBe(1);
    expect(await getOutbox(store, uuidFrom(1))).toMatchObject({ state: 'queued', leaseToken: null });
    expect(await getOutbox(store, uuidFrom(2))).toMatchObject({ state: 'sending', leaseToken: 'mine' });
  });

  it('killed mid-send after the server committed: the next worker resends at once and dedup answers', async () => {
    await enqueueReferral(store, 1);
    nav.faults = [{ kind: 'commit-then-hang' }];
    const dead = drainer({ timeoutMs: 60_000 });
    void dead.drain();
    await vi.waitFor(() => expect(nav.requests).toHaveLength(1));
    const next = drainer();
    expect(await recoverDeadLeases(store, next.liveTokens())).toBe(1);
    expect(await next.drain()).toMatchObject({ attempted: 1, sent: 1 }); // no 30 s wait
    expect(nav.count('ServiceRequest', uuidFrom(1))).toBe(1);
    expect(nav.count('Task', uuidFrom(1))).toBe(1);
  });

  it('a drain already running in the new worker keeps its leases while start-up recovers', async () => {
    await enqueueReferral(store, 1);
    nav.faults = [{ kind: 'hang' }];
    const d = drainer({ timeoutMs: 300 });
    const running = d.drain();
    await vi.waitFor(() => expect(nav.requests).toHaveLength(1)); // in flight under this worker's lease
    expect(d.liveTokens().size).toBe(1);
    expect(await recoverDeadLeases(store, d.liveTokens())).toBe(0);
    expect(await getOutbox(store, uuidFrom(1))).toMatchObject({ state: 'sending' });
    await running; // the timeout ends the attempt; the outcome is recorded by the lease holder
    expect(await getOutbox(store, uuidFrom(1))).toMatchObject({ state: 'queued', lastCode: 'timeout' });
    expect(d.liveTokens().size).toBe(0);
  });
});

describe('drain: classification branches', () => {
  it('2xx → sent: payload dropped, receipt kept, referral sent with the Task id', async () => {
    await enqueueReferral(store, 1);
    expect(await drainer().drain()).toEqual({ attempted: 1, sent: 1, stopped: null });
    const o = await getOutbox(store, uuidFrom(1));
    expect(o).toMatchObject({ state: 'sent', payload: null, receipt: { status: 200 } });
    expect(o!.receipt!.task).toMatch(/^Task\/\d+/);
    const r = await referral(1);
    expect(r).toMatchObject({ state: 'sent', sentAt: clock.t });
    expect(r.taskId).toMatch(/^\d+$/);
    expect(r.timeline.map((t) => t.state)).toEqual(['queued', 'sent']);
    const req = nav.requests[0]!;
    expect(req).toMatchObject({
      method: 'POST',
      url: nav.baseUrl,
      idempotencyKey: uuidFrom(1),
      auth: 'Bearer test-token',
    });
  });

  it('409 → retried later (the next records are still tried)', async () => {
    await enqueueReferral(store, 1);
    clock.advance(1);
    await enqueueReferral(store, 2);
    nav.faults = [{ kind: 'status', status: 409 }];
    expect(await drainer().drain()).toMatchObject({ attempted: 2, sent: 1, stopped: null });
    expect(await getOutbox(store, uuidFrom(1))).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastCode: 'http-409',
    });
  });

  it.each([400, 412, 422])('%i → needs attention, readable reason, payload kept', async (status) => {
    await enqueueReferral(store, 1);
    nav.faults = [{ kind: 'status', status, outcome: 'Task.status: code "x" is not allowed' }];
    await drainer().drain();
    const o = await getOutbox(store, uuidFrom(1));
    expect(o).toMatchObject({ state: 'needs-attention', lastStatus: status });
    expect(o!.payload).not.toBeNull();
    expect(await sealer.open(o!.reason!)).toBe('Task.status: code "x" is not allowed');
    expect((await referral(1)).state).toBe('needs-attention');
    // It stays until a person acts: more drains do not send it.
    clock.advance(3600_000);
    expect((await drainer().drain()).attempted).toBe(0);
    expect(await retryNow(store, uuidFrom(1))).toBe(true);
    expect(await drainer().drain()).toMatchObject({ sent: 1 });
    expect((await referral(1)).timeline.map((t) => t.state)).toEqual([
      'queued',
      'needs-attention',
      'queued',
      'sent',
    ]);
  });

  it.each([401, 403])(
    '%i → the queue pauses, nothing is lost, and resumes once a new token is set',
    async (status) => {
      await enqueueReferral(store, 1);
      await enqueueReferral(store, 2);
      nav.acceptedTokens = new Set(['fresh']);
      nav.refusal = status;
      const d = drainer({ token: 'expired' });
      expect(await d.drain()).toMatchObject({ sent: 0, stopped: 'paused' });
      expect(await getPause(store)).toMatchObject({ code: `http-${status}` });
      expect(await getOutbox(store, uuidFrom(1))).toMatchObject({ state: 'queued', attempts: 0 });
      expect(await getOutbox(store, uuidFrom(2))).toMatchObject({ state: 'queued', attempts: 0 });
      const before = nav.requests.length;
      expect(await d.drain()).toMatchObject({ attempted: 0, stopped: 'paused' });
      expect(nav.requests.length).toBe(before);
      expect(await badgeCounts(store)).toEqual({ pending: 2, needsAttention: 0, paused: true });
      expect(await drainer({ token: 'fresh' }).drain()).toMatchObject({ attempted: 2, sent: 2 });
      expect(await getPause(store)).toBeNull();
    },
  );

  it.each([
    ['500', { kind: 'status', status: 500 }, 'http-500'],
    ['503', { kind: 'status', status: 503 }, 'http-503'],
    ['408', { kind: 'status', status: 408 }, 'http-408'],
    ['network', { kind: 'down' }, 'network'],
    ['timeout', { kind: 'hang' }, 'timeout'],
  ] as const)('%s → backoff; the pass stops instead of hammering the server', async (_n, fault, code) => {
    for (let i = 1; i <= 3; i++) await enqueueReferral(store, i);
    nav.steady = fault;
    const d = drainer();
    const r = await d.drain();
    expect(r).toMatchObject({ attempted: expect.any(Number), sent: 0, stopped: 'server-unavailable' });
    expect(r.attempted).toBeLessThanOrEqual(4); // at most one per worker, not every record
    const o = await getOutbox(store, uuidFrom(1));
    expect(o).toMatchObject({ state: 'queued', attempts: 1, lastCode: code });
    expect(o!.nextAttemptAt).toBeGreaterThanOrEqual(clock.t);
    expect(o!.nextAttemptAt).toBeLessThan(clock.t + 30_000);
    nav.steady = { kind: 'none' };
    clock.advance(30_000);
    expect((await d.drain()).sent).toBe(3);
  });

  it('429 with Retry-After: 120 → no retry of anything before 120 s', async () => {
    await enqueueReferral(store, 1);
    await enqueueReferral(store, 2);
    nav.steady = { kind: 'status', status: 429, retryAfter: '120' };
    const d = drainer();
    expect(await d.drain()).toMatchObject({ stopped: 'hold' });
    const requests = nav.requests.length;
    for (const step of [1000, 30_000, 60_000, 119_000]) {
      clock.t = Date.parse('2025-03-12T18:00:00.000Z') + step;
      expect(await d.drain()).toMatchObject({ attempted: 0, stopped: 'hold' });
    }
    expect(nav.requests.length).toBe(requests);
    nav.steady = { kind: 'none' };
    clock.t = Date.parse('2025-03-12T18:00:00.000Z') + 120_000;
    expect((await d.drain()).sent).toBe(2);
  });

  it('the growing backoff spaces retries out (jittered, increasing ceilings)', async () => {
    await enqueueReferral(store, 1);
    nav.steady = { kind: 'status', status: 500 };
    const d = drainer();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      await d.drain();
      const o = (await getOutbox(store, uuidFrom(1)))!;
      delays.push(o.nextAttemptAt - clock.t);
      clock.t = o.nextAttemptAt;
    }
    delays.forEach((d, i) => expect(d).toBeLessThan(30_000 * 2 ** i));
    expect(nav.requests).toHaveLength(6);
  });

  it('a referral for another navigator than the one configured now needs attention, never goes elsewhere', async () => {
    await enqueueReferral(store, 1, 'http://other.example/fhir');
    await drainer().drain();
    expect(await getOutbox(store, uuidFrom(1))).toMatchObject({
      state: 'needs-attention',
      lastCode: 'navigator-changed',
    });
    expect(nav.requests).toHaveLength(0);
  });

  it('a pass that began before the navigator was configured still sends a referral queued for it since', async () => {
    await enqueueReferral(store, 1, nav.baseUrl);
    const { transport } = transportFor(nav);
    let reads = 0;
    const d = createDrainer({
      ...store,
      // The pass's first read predates the configuration (the service worker's start-up drain), later reads see it.
      transport: {
        ...transport,
        current: async () => (reads++ === 0 ? { baseUrl: '', tokenFingerprint: 'x' } : transport.current()),
      },
      random: seededRandom(),
      uuid: () => `lease-${++tokenSeq}`,
      loadValidator: loadReferralValidator,
    });
    expect(await d.drain()).toMatchObject({ attempted: 1, sent: 1 });
    expect(nav.count('ServiceRequest', uuidFrom(1))).toBe(1);
  });

  it('a never-tried referral is sent first, and a drain asked for during a failed pass still gets its own pass', async () => {
    await enqueueReferral(store, 1);
    nav.faults = [{ kind: 'status', status: 500 }];
    const d = drainer();
    await d.drain(); // referral 1 fails once
    clock.advance(31 * 60_000); // and is due again
    await enqueueReferral(store, 2);
    nav.faults = [{ kind: 'status', status: 500 }];
    await d.drain();
    const posts = nav.requests.filter((r) => r.method === 'POST').map((r) => r.idempotencyKey);
    expect(posts.slice(1, 2)).toEqual([uuidFrom(2)]); // the probe is the fresh referral, not the retry
    // A drain asked for while a pass fails (here referral 3's probe) is not swallowed by that pass's stop: it runs
    // its own pass, which sends the others.
    await enqueueReferral(store, 3);
    clock.advance(31 * 60_000);
    nav.faults = [{ kind: 'status', status: 500 }];
    const before = nav.requests.length;
    await Promise.all([d.drain(), d.drain()]);
    expect(nav.requests.length).toBeGreaterThanOrEqual(before + 3);
    expect(nav.count('ServiceRequest', uuidFrom(1))).toBe(1);
    expect(nav.count('ServiceRequest', uuidFrom(2))).toBe(1);
  });

  it('an undecryptable payload (key shredded) needs attention instead of vanishing', async () => {
    await enqueueReferral(store, 1);
    store.sealer = await testSealer(); // another key
    await drainer().drain();
    expect(await getOutbox(store, uuidFrom(1))).toMatchObject({
      state: 'needs-attention',
      lastCode: 'payload-unreadable',
    });
  });

  it('records retrying for more than a day are counted as needing attention but keep retrying', async () => {
    await enqueueReferral(store, 1);
    nav.steady = { kind: 'down' };
    const d = drainer();
    await d.drain();
    clock.advance(25 * 3600_000);
    expect(await badgeCounts(store)).toEqual({ pending: 1, needsAttention: 1, paused: false });
    expect(badgeText(await badgeCounts(store))).toBe('!1');
    nav.steady = { kind: 'none' };
    expect((await d.drain()).sent).toBe(1);
    expect(badgeText(await badgeCounts(store))).toBe('');
  });
});

describe('user actions', () => {
  it('discard removes an unsent referral and its payload; the record says discarded', async () => {
    await enqueueReferral(store, 1);
    expect(await discard(store, uuidFrom(1))).toBe(true);
    expect(await db.get('outbox', uuidFrom(1))).toBeUndefined();
    expect((await referral(1)).state).toBe('discarded');
    expect((await drainer().drain()).attempted).toBe(0);
  });

  it('a sent referral cannot be discarded, nor one being sent right now', async () => {
    await enqueueReferral(store, 1);
    await enqueueReferral(store, 2);
    await claim(store, uuidFrom(2), 'x', 30_000);
    expect(await discard(store, uuidFrom(2))).toBe(false);
    await drainer().drain();
    expect(await discard(store, uuidFrom(1))).toBe(false);
  });
});

describe('racing drains', () => {
  it('many drains at once (several contexts, same database) send each referral exactly once', async () => {
    for (let i = 1; i <= 20; i++) await enqueueReferral(store, i);
    const drainers = Array.from({ length: 4 }, () => drainer());
    const results = await Promise.all(drainers.flatMap((d) => [d.drain(), d.drain(), d.drain()]));
    const posts = nav.requests.filter((r) => r.method === 'POST');
    expect(new Set(posts.map((p) => p.idempotencyKey)).size).toBe(20);
    expect(posts).toHaveLength(20);
    expect(nav.maxConcurrentPerId).toBe(1);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBeGreaterThanOrEqual(20);
    for (let i = 1; i <= 20; i++) {
      expect(nav.count('ServiceRequest', uuidFrom(i))).toBe(1);
      expect(nav.count('Task', uuidFrom(i))).toBe(1);
    }
  });

  it('calls on one drainer while it runs share the run and cause one more pass', async () => {
    await enqueueReferral(store, 1);
    const d = drainer();
    const first = d.drain();
    const second = d.drain();
    expect(second).toBe(first);
    await enqueueReferral(store, 2); // arrives during the run: the extra pass picks it up
    expect((await first).sent).toBe(2);
  });
});

describe('R1 (unit form): 500 queued while the server is down, then it recovers', () => {
  it('delivers every referral exactly once, without hammering the server while it is down', async () => {
    for (let i = 1; i <= 500; i++) await enqueueReferral(store, i);
    nav.steady = { kind: 'down' };
    const d = drainer();
    for (let minute = 0; minute < 5; minute++) {
      await d.drain(); // the 1-minute alarm
      clock.advance(60_000);
    }
    const whileDown = nav.requests.length;
    expect(whileDown).toBe(5); // one probe per pass: a down navigator costs one request per pass, not one per worker
    nav.steady = { kind: 'none' };
    const started = performance.now();
    let passes = 0;
    while ((await badgeCounts(store)).pending > 0 && passes < 60) {
      await d.drain();
      clock.advance(60_000);
      passes++;
    }
    const ms = performance.now() - started;
    for (let i = 1; i <= 500; i++) {
      expect(nav.count('ServiceRequest', uuidFrom(i))).toBe(1);
      expect(nav.count('Task', uuidFrom(i))).toBe(1);
    }
    expect(nav.maxConcurrentPerId).toBe(1);
    console.info(
      `R1 unit: 500 delivered in ${passes} drain passes, ${Math.round(ms)} ms (fake-indexeddb, in-memory server); ${whileDown} requests while down`,
    );
  }, 120_000);
});

describe('receipts', () => {
  it('delivered records older than the retention are purged; pending ones never', async () => {
    await enqueueReferral(store, 1);
    await enqueueReferral(store, 2);
    nav.faults = [{ kind: 'none' }, { kind: 'down' }];
    const d = drainer();
    await d.drain();
    clock.advance(91 * 86_400_000);
    expect(await purgeReceipts(store, 90 * 86_400_000)).toBe(1);
    expect(await db.count('outbox')).toBe(1);
    expect((await allOutbox(store))[0]!.state).toBe('queued');
  });
});

describe('R10 (unit form): racing drains under scheduled interleavings', () => {
  it('whatever order the answers arrive in, each referral is sent once per lease and ends sent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 4 }), async (s, drains) => {
        const local: OutboxStore = { db: await freshDb(), sealer, now: clock.now };
        const server = new FakeNavigator(undefined, clock.now);
        for (let i = 1; i <= 4; i++) await enqueueReferral(local, i);
        const fetch = s.scheduleFunction(server.fetch);
        const makers = Array.from({ length: drains }, (_, k) =>
          createDrainer({
            ...local,
            transport: createTransport({
              fetch,
              getSettings: async () => ({ navigatorFhirBaseUrl: server.baseUrl, navigatorToken: 't' }),
            }),
            random: seededRandom(k + 1),
            uuid: () => `race-${++tokenSeq}`,
            loadValidator: loadReferralValidator,
          }),
        );
        await s.waitFor(Promise.all(makers.map((d) => d.drain())));
        const posts = server.requests.filter((r) => r.method === 'POST');
        expect(posts).toHaveLength(4); // one send per referral: the leases never overlapped
        for (let i = 1; i <= 4; i++) expect(server.count('ServiceRequest', uuidFrom(i))).toBe(1);
        expect((await allOutbox(local)).every((r) => r.state === 'sent')).toBe(true);
      }),
      { numRuns: Number(process.env.OUTBOX_RACE_RUNS ?? 60) },
    );
  }, 120_000);
});
