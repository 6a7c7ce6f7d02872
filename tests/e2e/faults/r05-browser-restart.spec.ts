import { settle } from '../../support/faults/extension-harness';
import { judge } from '../../support/faults/verdict';
import { expect, expectClean, newIds, requestsFor, scale, test } from './fault-test';

test.describe.configure({ mode: 'serial' });

test('R5: browser restarted with referrals queued (same profile) → they survive, the drain alarm is re-created, all are sent once', async ({
  ext,
  nav,
  front,
}) => {
  const n = scale(20, 50);
  test.setTimeout(scale(120_000, 10 * 60_000));
  await nav.down();
  const ids = newIds(n);
  const replies = await ext.submitMany(requestsFor(ids, front), 2);
  expect(replies.every((r) => r.ok && r.data.state === 'queued')).toBe(true);
  const before = await ext.outbox();
  expect(ids.filter((id) => before.get(id)?.state === 'sent')).toEqual([]);

  // Closed with everything still queued, then the navigator comes back and the browser starts on the same profile.
  await ext.restartBrowser();
  const restartedAt = Date.now();
  await nav.up();
  // Chrome may drop alarms over a restart; the worker's start-up must create the drain alarm again.
  await expect
    .poll(async () => (await ext.alarms()).map((a) => a.name), { timeout: 60_000 })
    .toContain('outbox-drain');
  console.log(
    `[R5] drain alarm present ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the restart`,
  );
  const survived = await ext.outbox();
  expect(
    ids.filter((id) => !survived.has(id)),
    'lost with the restart',
  ).toEqual([]);
  await settle(ext, ids, { timeoutMs: scale(90_000, 5 * 60_000), nudgeEveryMs: 2_000 });
  expectClean(
    await judge({
      scenario: 'R5',
      nav,
      proxy: front,
      session: ext,
      ids,
      faults: { restarts: ext.restarts, outages: 1 },
    }),
  );
});
