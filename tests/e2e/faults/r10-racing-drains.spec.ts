import { judge } from '../../support/faults/verdict';
import { settle } from '../../support/faults/extension-harness';
import { expect, expectClean, newIds, requestsFor, scale, test } from './fault-test';

test.describe.configure({ mode: 'serial' });

test('R10: racing drains from every trigger at once send each referral exactly once', async ({
  ext,
  nav,
  front,
}) => {
  test.setTimeout(scale(90_000, 600_000));
  const n = scale(20, 200);
  const drainsPerPage = scale(30, 300);
  // A slow navigator keeps sends in flight while the drains pile up.
  await nav.setFaults([{ match: 'POST /fhir', kind: 'delay', delayMs: 150 }]);
  const ids = newIds(n);
  const second = await ext.context.newPage();
  await second.goto(`chrome-extension://${ext.extensionId}/sidepanel.html?tabId=0`);
  const fire = (page: typeof second, count: number) =>
    page.evaluate(async (count) => {
      const all = Array.from({ length: count }, () =>
        chrome.runtime.sendMessage({ v: 1, type: 'outbox.drain', payload: { reason: 'test' } }),
      );
      const replies = (await Promise.all(all)) as { ok: boolean }[];
      return replies.filter((r) => r?.ok).length;
    }, count);
  const [submitted, okA, okB] = await Promise.all([
    ext.submitMany(requestsFor(ids, front), 8),
    fire(ext.page, drainsPerPage),
    fire(second, drainsPerPage),
  ]);
  expect(submitted.every((r) => r.ok && r.data.state === 'queued')).toBe(true);
  expect(okA + okB).toBe(2 * drainsPerPage);
  await settle(ext, ids, { timeoutMs: scale(60_000, 400_000), nudgeEveryMs: 2_000 });
  const v = await judge({ scenario: 'R10', nav, proxy: front, session: ext, ids });
  expectClean(v);
  // No failures were injected, so every referral must have been POSTed exactly once despite the racing drains.
  const multi = ids.filter((id) => front.posts(id).length !== 1);
  expect(multi, 'referrals POSTed more than once').toEqual([]);
  console.log(
    `[R10] drains fired: ${2 * drainsPerPage}, POSTs: ${ids.length}, max in flight per referral: 1`,
  );
});
