import { settle } from '../../support/faults/extension-harness';
import { judge } from '../../support/faults/verdict';
import { expect, expectClean, LONG, newIds, requestsFor, scale, test } from './fault-test';

test.describe.configure({ mode: 'serial' });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('R7: 429 with Retry-After → no retry (of any referral) before it', async ({ ext, nav, front }) => {
  const retryAfter = scale(3, 120);
  const n = scale(4, 10);
  test.setTimeout(scale(90_000, 8 * 60_000));
  await nav.setFaults([{ match: 'POST /fhir', kind: 'status', status: 429, retryAfter, times: 1 }]);
  const ids = newIds(n);
  const first = await ext.submit(requestsFor([ids[0]!], front)[0]!);
  expect(first.ok && first.data.state).toBe('queued');
  await expect
    .poll(() => front.posts(ids[0]).find((p) => p.status === 429)?.upstreamAt ?? 0)
    .toBeGreaterThan(0);
  // More referrals and eager drains during the wait: none of them may go out before Retry-After has passed.
  const rest = await ext.submitMany(requestsFor(ids.slice(1), front), 1);
  expect(rest.every((r) => r.ok && r.data.state === 'queued')).toBe(true);
  const throttled = front.posts(ids[0]).find((p) => p.status === 429)!;
  const holdEnds = throttled.upstreamAt! + retryAfter * 1000;
  while (Date.now() < holdEnds + 1_000) {
    void ext.drain();
    await sleep(500);
  }
  await settle(ext, ids, { timeoutMs: scale(60_000, 120_000), nudgeEveryMs: 1_000 });
  const during = front
    .posts()
    .filter((p) => ids.includes(p.key ?? '') && p.seq > throttled.seq && p.startedAt < holdEnds);
  const retry = front.posts(ids[0]).find((p) => p.seq > throttled.seq);
  console.log(
    `[R7] Retry-After: ${retryAfter} s; first retry ${((retry!.startedAt - throttled.upstreamAt!) / 1000).toFixed(1)} s after the 429; requests during the wait: ${during.length}`,
  );
  expect(during).toEqual([]);
  expect(retry!.startedAt).toBeGreaterThanOrEqual(holdEnds);
  expectClean(await judge({ scenario: 'R7', nav, proxy: front, session: ext, ids }));
});

test('R8: 500, 503 and timeouts → retried with jittered backoff; fetches abort well under 30 s', async ({
  ext,
  nav,
  front,
}) => {
  test.setTimeout(scale(150_000, 20 * 60_000));
  // Delays over the extension's fetch timeout; the long form goes past Chrome's 30 s service-worker limit.
  const delayMs = scale(12_000, 35_000);
  await nav.setFaults([
    { match: 'POST /fhir', kind: 'status', status: 500, times: 1 },
    { match: 'POST /fhir', kind: 'status', status: 503, retryAfter: 2, times: 1 },
    { match: 'POST /fhir', kind: 'delay', delayMs, times: 1 },
    { match: 'POST /fhir', kind: 'reset', times: 1 },
  ]);
  const ids = newIds(scale(5, 12));
  const replies = await ext.submitMany(requestsFor(ids, front), 1);
  expect(replies.every((r) => r.ok && r.data.state === 'queued')).toBe(true);
  await settle(ext, ids, { timeoutMs: scale(120_000, 10 * 60_000), nudgeEveryMs: 2_000 });
  const aborted = front.posts().filter((p) => ids.includes(p.key ?? '') && p.outcome === 'client-aborted');
  for (const a of aborted) {
    const ms = a.endedAt! - a.startedAt;
    console.log(`[R8] a ${delayMs / 1000} s server delay: the extension aborted its fetch after ${ms} ms`);
    expect(ms).toBeLessThan(30_000);
  }
  expect(aborted.length).toBeGreaterThanOrEqual(1);
  const statuses = front
    .posts()
    .filter((p) => ids.includes(p.key ?? '') && p.status !== null && p.status >= 500);
  expect(statuses.map((p) => p.status).sort()).toEqual([500, 503]);
  expectClean(await judge({ scenario: 'R8', nav, proxy: front, session: ext, ids }));

  if (LONG) {
    // One referral failing again and again: every wait stays under its full-jitter ceiling min(30 min, 30 s·2^n),
    // and the waits are random (jitter), not a fixed schedule.
    const failures = 4;
    await nav.setFaults([{ match: 'POST /fhir', kind: 'status', status: 500, times: failures }]);
    const [id] = newIds(1) as [string];
    expect((await ext.submit(requestsFor([id], front)[0]!)).ok).toBe(true);
    await settle(ext, [id], { timeoutMs: 15 * 60_000, nudgeEveryMs: 1_000 });
    const posts = front.posts(id).sort((a, b) => a.startedAt - b.startedAt);
    const gaps = posts.slice(1).map((p, i) => p.startedAt - posts[i]!.upstreamAt!);
    console.log(
      `[R8] waits after ${failures} consecutive 500s (s): ${gaps.map((g) => (g / 1000).toFixed(1)).join(', ')}`,
    );
    expect(posts.length).toBe(failures + 1);
    gaps.forEach((g, i) => expect(g).toBeLessThanOrEqual(Math.min(30 * 60_000, 30_000 * 2 ** i) + 3_000));
    expect(new Set(gaps.map((g) => Math.round(g / 500))).size).toBeGreaterThan(1);
    expectClean(await judge({ scenario: 'R8 backoff', nav, proxy: front, session: ext, ids: [id] }));
  }
});
