import { settle, type RawOutbox } from '../../support/faults/extension-harness';
import { judge } from '../../support/faults/verdict';
import { expect, expectClean, LONG, newIds, requestsFor, scale, test } from './fault-test';

test.describe.configure({ mode: 'serial' });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('R1: referrals queued while the navigator is down are all delivered once it recovers', async ({
  ext,
  nav,
  front,
}) => {
  const n = scale(50, 500);
  test.setTimeout(scale(150_000, 20 * 60_000));
  // Down: the navigator is stopped and its port refuses connections.
  await front.down();
  await nav.down();
  const ids = newIds(n);
  const replies = await ext.submitMany(requestsFor(ids, front), 2);
  expect(replies.filter((r) => !(r.ok && r.data.state === 'queued'))).toEqual([]);
  // The long form keeps the server down past a few drain alarms (1 min), so records pile up failed attempts.
  await sleep(scale(3_000, 150_000));
  const before = await ext.outbox();
  expect([...before.values()].filter((r) => r.state === 'sent')).toEqual([]);
  const attempted = [...before.values()].filter((r) => r.attempts > 0).length;

  // Recovery: a new navigator on the SAME port and the SAME data folder.
  await nav.up();
  await front.listen();
  const t0 = Date.now();
  // Fast form: nudge as an open side panel would. Long form: nothing but the extension's own alarm.
  await settle(ext, ids, { timeoutMs: scale(120_000, 15 * 60_000), nudgeEveryMs: LONG ? 0 : 2_000 });
  const drainSeconds = (Date.now() - t0) / 1000;
  console.log(
    `[R1] ${n} queued while down (${attempted} tried meanwhile); all delivered ${drainSeconds.toFixed(1)} s after recovery`,
  );
  expect(drainSeconds).toBeLessThanOrEqual(15 * 60);
  expectClean(await judge({ scenario: 'R1', nav, proxy: front, session: ext, ids, faults: { outages: 1 } }));
});

test('R6: offline → online: at most one attempt per backoff window, then a full drain', async ({
  ext,
  nav,
  front,
}) => {
  const n = scale(6, 30);
  test.setTimeout(scale(150_000, 30 * 60_000));
  // Offline: the navigator is gone but the network path (the proxy) is there, so every attempt is observed.
  await nav.down();
  const ids = newIds(n);
  const replies = await ext.submitMany(requestsFor(ids, front), 1);
  expect(replies.every((r) => r.ok && r.data.state === 'queued')).toBe(true);

  // While offline, keep triggering drains (every second, far more often than the backoff allows) and record, for
  // each referral, the "not before" time stored after each failed attempt.
  const notBefore = new Map<string, Map<number, number>>();
  const observe = (snap: Map<string, RawOutbox>) => {
    for (const r of snap.values()) {
      if (!ids.includes(r.id) || r.attempts === 0) continue;
      const m = notBefore.get(r.id) ?? new Map<number, number>();
      if (!m.has(r.attempts)) m.set(r.attempts, r.nextAttemptAt);
      notBefore.set(r.id, m);
    }
  };
  const offlineUntil = Date.now() + scale(6_000, 120_000);
  let lastNudge = 0;
  while (Date.now() < offlineUntil) {
    if (Date.now() - lastNudge > 1_000) {
      lastNudge = Date.now();
      void ext.drain();
    }
    observe(await ext.outbox());
    await sleep(150);
  }
  await nav.up();
  const t0 = Date.now();
  // "Full drain after": each referral goes at its scheduled retry, so the wait is bounded by the latest one the
  // outage produced (full jitter: up to 30 s·2^attempts) plus a margin for the drain itself.
  const latest = Math.max(...[...(await ext.outbox()).values()].map((r) => r.nextAttemptAt));
  const budget = Math.max(0, latest - Date.now()) + scale(60_000, 120_000);
  await settle(ext, ids, { timeoutMs: budget, nudgeEveryMs: 1_000 });
  console.log(
    `[R6] full drain ${((Date.now() - t0) / 1000).toFixed(1)} s after the navigator came back (latest scheduled retry: ${((latest - t0) / 1000).toFixed(1)} s)`,
  );

  // Every retry started no earlier than the backoff the previous failure set (20 ms for clock granularity).
  let checked = 0;
  const early: string[] = [];
  let offlineAttempts = 0;
  for (const id of ids) {
    const posts = front.posts(id).sort((a, b) => a.startedAt - b.startedAt);
    offlineAttempts += posts.filter((p) => p.outcome === 'upstream-error').length;
    for (let i = 1; i < posts.length; i++) {
      const due = notBefore.get(id)?.get(i);
      if (due === undefined) continue;
      checked++;
      if (posts[i]!.startedAt < due - 20) early.push(`${id}#${i}: ${due - posts[i]!.startedAt} ms early`);
    }
  }
  console.log(
    `[R6] attempts while offline: ${offlineAttempts}; retries checked against their backoff: ${checked}`,
  );
  expect(early).toEqual([]);
  expect(offlineAttempts).toBeGreaterThanOrEqual(n);
  expect(checked).toBeGreaterThan(0);
  expectClean(await judge({ scenario: 'R6', nav, proxy: front, session: ext, ids, faults: { outages: 1 } }));
});
