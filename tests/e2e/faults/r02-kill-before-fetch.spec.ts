import { randomInt } from 'node:crypto';
import { settle } from '../../support/faults/extension-harness';
import { judge } from '../../support/faults/verdict';
import { expect, expectClean, newIds, requestsFor, scale, test } from './fault-test';

test.describe.configure({ mode: 'serial' });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type CrashPoint = 'before-enqueue' | 'before-fetch' | 'mid-fetch' | 'after-answer';

test('R2: service worker killed at random points after the click, mostly after the enqueue and before the fetch → every persisted referral sent once', async ({
  ext,
  nav,
  front,
}) => {
  const runs = scale(8, 100);
  test.setTimeout(scale(120_000, 20 * 60_000));
  const ids = newIds(runs);
  const requests = requestsFor(ids, front);
  const points = new Map<string, CrashPoint>();
  const acknowledged = new Set<string>();
  for (const [i, id] of ids.entries()) {
    // The click, then a kill at a random moment while the background persists and starts to drain.
    const reply = ext.submit(requests[i]!);
    await sleep(randomInt(0, 25));
    await ext.killServiceWorker();
    const stoppedAt = Date.now();
    const r = await reply;
    if (r.ok && r.data.state === 'queued') acknowledged.add(id);
    const first = front.posts(id)[0];
    points.set(
      id,
      !first || first.startedAt > stoppedAt
        ? 'before-fetch' // provisional: 'before-enqueue' if nothing was persisted (decided below)
        : first.outcome === 'answered' && first.endedAt! <= stoppedAt
          ? 'after-answer'
          : 'mid-fetch',
    );
  }
  // Everything the extension holds (acknowledged or not) must be delivered; what it does not hold must not exist.
  const held = await ext.outbox();
  for (const id of ids) if (!held.has(id)) points.set(id, 'before-enqueue');
  const persisted = ids.filter((id) => held.has(id));
  expect(
    [...acknowledged].filter((id) => !held.has(id)),
    'acknowledged but not persisted',
  ).toEqual([]);
  await settle(ext, persisted, { timeoutMs: scale(90_000, 5 * 60_000), nudgeEveryMs: 2_000 });
  const tally = (p: CrashPoint) => [...points.values()].filter((x) => x === p).length;
  console.log(
    `[R2] runs: ${runs}; kill landed before the enqueue committed: ${tally('before-enqueue')}, after the enqueue and before the fetch: ${tally('before-fetch')}, mid-fetch: ${tally('mid-fetch')}, after the answer: ${tally('after-answer')}`,
  );
  const phantom = ids.filter((id) => !held.has(id));
  const counts = await nav.counts(phantom);
  expect(
    phantom.filter((id) => (counts.get(id)?.serviceRequests ?? 0) > 0),
    'sent but never persisted',
  ).toEqual([]);
  expect(tally('before-fetch')).toBeGreaterThan(0);
  expectClean(
    await judge({
      scenario: 'R2',
      nav,
      proxy: front,
      session: ext,
      ids: persisted,
      faults: { kills: ext.kills },
    }),
  );
});
