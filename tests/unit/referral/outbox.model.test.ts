import { beforeAll, describe, expect, it } from 'vitest';
import { setLogSink } from '@/lib/platform/log';
import fc from 'fast-check';
import type { FhirValidator } from '@/lib/referral/bundle-check';
import { createDrainer, type Drainer } from '@/lib/referral/drain';
import { loadReferralValidator } from '@/lib/referral/validator';
import { allOutbox, recoverDeadLeases, retryNow, type OutboxStore } from '@/lib/referral/outbox';
import { FakeNavigator, type Fault } from './support/fake-navigator';
import { Clock, enqueueReferral, freshDb, testSealer, transportFor, uuidFrom } from './support/harness';

beforeAll(() => setLogSink(() => {})); // logs are asserted elsewhere; keep test output readable

/**
 * The real base-R4 validator, memoized by content: validation is a pure function of the bundle, and the harness
 * builds referral n identically in every run, so thousands of runs validate a few dozen distinct bundles.
 */
const validations = new Map<string, { valid: boolean; issues: string[] }>();
const memoValidator = async (): Promise<FhirValidator> => {
  const validate = await loadReferralValidator();
  return (resource) => {
    const key = JSON.stringify(resource);
    let r = validations.get(key);
    if (!r) validations.set(key, (r = validate(resource)));
    return r;
  };
};

/**
 * R11 (unit form): a model-based test of enqueue / tick / crash / restart / fault against an in-memory conformant FHIR
 * server. Whatever the interleaving, once the network heals every referral is on the server exactly once and every
 * local record is `sent`. The long form against the real navigator in Chromium lives in the e2e fault suite.
 */
interface Model {
  enqueued: number;
}
interface Real {
  store: OutboxStore;
  clock: Clock;
  nav: FakeNavigator;
  drainer: Drainer;
  makeDrainer: (timeoutMs?: number) => Drainer;
  faultsInjected: number;
}

async function invariants(r: Real, m: Model) {
  const records = await allOutbox(r.store);
  expect(records).toHaveLength(m.enqueued); // nothing lost locally
  for (const rec of records) {
    const onServer = r.nav.count('ServiceRequest', rec.id);
    expect(onServer).toBeLessThanOrEqual(1); // never duplicated
    expect(r.nav.count('Task', rec.id)).toBe(onServer);
    if (rec.state === 'sent') expect(onServer).toBe(1); // never "sent" without the server having it
  }
}

class Enqueue implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real) {
    m.enqueued++;
    expect(await enqueueReferral(r.store, m.enqueued)).toBe('queued');
    await invariants(r, m);
  }
  toString = () => 'enqueue';
}

class Tick implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    r.clock.advance(this.ms);
    await r.drainer.drain();
    await invariants(r, m);
  }
  toString = () => `tick(${this.ms})`;
}

/** The worker dies: either idle, or with a request in flight that the server may or may not have committed. */
class Crash implements fc.AsyncCommand<Model, Real> {
  constructor(readonly midFetch: 'idle' | 'before-commit' | 'after-commit') {}
  check = () => true;
  async run(m: Model, r: Real) {
    if (this.midFetch !== 'idle') {
      r.nav.faults.unshift({ kind: this.midFetch === 'after-commit' ? 'commit-then-hang' : 'hang' });
      const doomed = r.makeDrainer(3_600_000); // its fetch never returns: as good as killed
      const before = r.nav.requests.length;
      void doomed.drain();
      // Let it reach the server (or find nothing due).
      for (let i = 0; i < 50 && r.nav.requests.length === before; i++)
        await new Promise((res) => setTimeout(res, 1));
      if (r.nav.requests.length === before) r.nav.faults.shift(); // nothing was due: the fault was not used
      r.faultsInjected++;
    }
    // A new service worker starts: every lease it does not hold goes back to the queue at once (service.ts start),
    // expired or not; then it drains. (The doomed drainer here may still have other sends going, which a killed
    // worker would not: a harsher adversary than the real one.)
    r.drainer = r.makeDrainer();
    await recoverDeadLeases(r.store, r.drainer.liveTokens());
    await r.drainer.drain();
    await invariants(r, m);
  }
  toString = () => `crash(${this.midFetch})`;
}

class SetFault implements fc.AsyncCommand<Model, Real> {
  constructor(readonly fault: Fault) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    r.nav.steady = this.fault;
    if (this.fault.kind !== 'none') r.faultsInjected++;
  }
  toString = () => `fault(${JSON.stringify(this.fault)})`;
}

class UserRetry implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real) {
    for (const rec of await allOutbox(r.store))
      if (rec.state === 'needs-attention') await retryNow(r.store, rec.id);
    await invariants(r, m);
  }
  toString = () => 'user-retry';
}

const faults: fc.Arbitrary<Fault> = fc.oneof(
  fc.constant<Fault>({ kind: 'none' }),
  fc.constant<Fault>({ kind: 'down' }),
  fc.constant<Fault>({ kind: 'status', status: 500 }),
  fc.constant<Fault>({ kind: 'status', status: 503, retryAfter: '5' }),
  fc.constant<Fault>({ kind: 'status', status: 429, retryAfter: '60' }),
  fc.constant<Fault>({ kind: 'status', status: 409 }),
  fc.constant<Fault>({ kind: 'status', status: 422, outcome: 'rejected by the test server' }),
  fc.constant<Fault>({ kind: 'commit-then-drop' }),
);

const commands = fc.commands(
  [
    fc.constant(new Enqueue()),
    fc.constant(new Enqueue()),
    fc.constant(new Enqueue()),
    fc.integer({ min: 0, max: 120_000 }).map((ms) => new Tick(ms)),
    fc
      .constantFrom<'idle' | 'before-commit' | 'after-commit'>('idle', 'before-commit', 'after-commit')
      .map((k) => new Crash(k)),
    faults.map((f) => new SetFault(f)),
    fc.constant(new UserRetry()),
  ],
  { maxCommands: 40, size: 'max' },
);

/** 40 in `npm test`; the long form (FAULTS_LONG=1, run by tests/e2e/faults/r11-model.spec.ts) ≥ 10,000. */
const RUNS = Number(process.env.OUTBOX_MODEL_RUNS ?? (process.env.FAULTS_LONG === '1' ? 10_000 : 40));

describe('outbox model (enqueue / tick / crash / restart / fault)', () => {
  it(
    `loses nothing and duplicates nothing (${RUNS} runs)`,
    async () => {
      let totals = { referrals: 0, faults: 0, lost: 0, duplicated: 0 };
      await fc.assert(
        fc.asyncProperty(commands, fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (cmds, seed) => {
          const clock = new Clock();
          const store: OutboxStore = { db: await freshDb(), sealer: await testSealer(), now: clock.now };
          const nav = new FakeNavigator(undefined, clock.now);
          let s = seed;
          const random = () => (s = (s * 48271) % 2147483647) / 2147483647;
          let lease = 0;
          const makeDrainer = (timeoutMs = 20) =>
            createDrainer({
              ...store,
              transport: transportFor(nav, 'token', timeoutMs).transport,
              random,
              uuid: () => `l${++lease}`,
              loadValidator: memoValidator,
            });
          const real: Real = { store, clock, nav, drainer: makeDrainer(), makeDrainer, faultsInjected: 0 };
          const model: Model = { enqueued: 0 };
          await fc.asyncModelRun(() => ({ model, real }), cmds);

          // Heal: the network comes back, the clinician retries what needed attention, time passes, drains run.
          nav.steady = { kind: 'none' };
          nav.faults = [];
          for (let i = 0; i < 40; i++) {
            const pending = (await allOutbox(store)).filter((r) => r.state !== 'sent');
            if (!pending.length) break;
            clock.advance(31 * 60_000);
            for (const r of pending) if (r.state === 'needs-attention') await retryNow(store, r.id);
            real.drainer = makeDrainer();
            await recoverDeadLeases(store, real.drainer.liveTokens());
            await real.drainer.drain();
          }
          const records = await allOutbox(store);
          const lost = model.enqueued - records.filter((r) => r.state === 'sent').length;
          let duplicated = 0;
          for (let i = 1; i <= model.enqueued; i++) {
            duplicated +=
              Math.max(0, nav.count('ServiceRequest', uuidFrom(i)) - 1) +
              Math.max(0, nav.count('Task', uuidFrom(i)) - 1);
            expect(nav.count('ServiceRequest', uuidFrom(i))).toBe(1);
            expect(nav.count('Task', uuidFrom(i))).toBe(1);
          }
          totals = {
            referrals: totals.referrals + model.enqueued,
            faults: totals.faults + real.faultsInjected,
            lost: totals.lost + lost,
            duplicated: totals.duplicated + duplicated,
          };
          expect(lost).toBe(0);
          expect(records.every((r) => r.state === 'sent' && r.payload === null)).toBe(true);
        }),
        { numRuns: RUNS },
      );
      console.info(
        `outbox model: referrals sent ${totals.referrals} / faults injected ${totals.faults} / lost ${totals.lost} / duplicated ${totals.duplicated}`,
      );
    },
    Math.max(120_000, RUNS * 500),
  );
});
