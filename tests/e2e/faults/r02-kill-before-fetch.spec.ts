import { randomInt } from 'node:crypto';
import { settle } from '../../support/faults/extension-harness';
import { judge } from '../../support/faults/verdict';
import { expect, expectClean, newIds, requestsFor, scale, test } from './fault-test';

test.describe.configure({ mode: 'serial' });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type CrashPoint = 'before-fetch' | 'mid-fetch' | 'after-answer';

test('R2: service worker killed after the durable enqueue, before the fetch (random runs) → every referral sent once', async ({
  ext,
  nav,
  front,
}) => {
  const runs = scale(8, 100);
  const holdSeconds = scale(10, 120);
  test.setTimeout(scale(150_000, 25 * 60_000));
  const ids = newIds(runs);
  const requests = requestsFor(ids, front);
  const points = new Map<string, CrashPoint>();

  /** One run: the click, the reply "queued" (given only after the strict-durability commit), a kill 0–8 ms later. */
  const run = async (i: number) => {
    const id = ids[i]!;
    const reply = await ext.submit(requests[i]!);
    expect(reply.ok && reply.data.state, `run ${i}`).toBe('queued');
    await sleep(randomInt(0, 9));
    await ext.killServiceWorker();
    const stoppedAt = Date.now();
    const first = front.posts(id)[0];
    points.set(
      id,
      !first || first.startedAt > stoppedAt
        ? 'before-fetch'
        : first.outcome === 'answered' && first.endedAt! <= stoppedAt
          ? 'after-answer'
          : 'mid-fetch',
    );
  };

  // First half: the natural race between the kill and the drain the enqueue started.
  const half = Math.floor(runs / 2);
  for (let i = 0; i < half; i++) await run(i);

  // Second half: the navigator has asked the whole queue to wait (503, Retry-After), so the drain that follows each
  // enqueue stops before fetching: every kill lands after the enqueue and before the fetch.
  await nav.setFaults([
    { match: 'POST /fhir', kind: 'status', status: 503, retryAfter: holdSeconds, times: 1 },
  ]);
  // The primer's drain meets the 503 — or a resend of an earlier run does: either way the queue is held from here.
  const seqBefore = front.records.length;
  const [primer] = newIds(1) as [string];
  expect((await ext.submit(requestsFor([primer], front)[0]!)).ok).toBe(true);
  await expect
    .poll(() => front.posts().some((p) => p.seq > seqBefore && p.status === 503), { timeout: 30_000 })
    .toBe(true);
  for (let i = half; i < runs; i++) await run(i);

  const all = [primer, ...ids];
  await settle(ext, all, { timeoutMs: holdSeconds * 1000 + scale(90_000, 5 * 60_000), nudgeEveryMs: 2_000 });
  const tally = (p: CrashPoint) => [...points.values()].filter((x) => x === p).length;
  console.log(
    `[R2] runs: ${runs}; the kill landed after the enqueue and before the fetch: ${tally('before-fetch')}, mid-fetch: ${tally('mid-fetch')}, after the answer: ${tally('after-answer')}`,
  );
  expect(tally('before-fetch')).toBeGreaterThanOrEqual(runs - half);
  expectClean(
    await judge({ scenario: 'R2', nav, proxy: front, session: ext, ids: all, faults: { kills: ext.kills } }),
  );
});
