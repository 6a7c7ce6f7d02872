import { randomInt } from 'node:crypto';
import { settle } from '../../support/faults/extension-harness';
import { judge } from '../../support/faults/verdict';
import { expect, expectClean, newIds, requestsFor, scale, test } from './fault-test';

test.describe.configure({ mode: 'serial' });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('R3 + R4: killed mid-fetch while the navigator commits and drops the answer, and killed between the 2xx and the local "sent" → one ServiceRequest and one Task each', async ({
  ext,
  nav,
  front,
}) => {
  const runs = scale(3, 20);
  test.setTimeout(scale(150_000, 20 * 60_000));
  const r3 = newIds(runs);
  const r4 = newIds(runs);
  const requests = new Map(requestsFor([...r3, ...r4], front).map((r) => [r.referralId, r]));
  const killing: Promise<void>[] = [];

  // R3: the navigator commits then drops the connection, and the worker dies while its fetch is in flight. The armed
  // fault takes the next referral POST, whichever referral it carries, and the worker that starts after a kill re-sends
  // the killed run's referral at once (start-up lease recovery) or at its backoff: so each run first lets the previous
  // runs' referrals be delivered (nudged as an open panel would), then arms the fault for its own referral alone.
  for (const [i, id] of r3.entries()) {
    await settle(ext, r3.slice(0, i), { timeoutMs: 60_000, nudgeEveryMs: 1_000 });
    await nav.setFaults([{ match: 'POST /fhir', kind: 'commit-then-drop', times: 1 }]);
    front.hooks = {
      onReferralPost: (rec) => {
        if (rec.key === id) killing.push(ext.killServiceWorker());
      },
    };
    await ext.submit(requests.get(id)!); // the reply may be lost with the worker; the record is durable either way
    await expect.poll(() => front.posts(id).length, { timeout: 15_000 }).toBeGreaterThan(0);
    await Promise.all(killing.splice(0));
    expect(front.posts(id)[0]?.outcome).not.toBe('answered');
  }
  await nav.clearFaults();

  // R4: the 2xx reached the worker; it is killed a few milliseconds later, racing its local "sent" write.
  for (const id of r4) {
    const delay = randomInt(0, 4);
    front.hooks = {
      afterForwardingSuccess: (rec) => {
        if (rec.key !== id) return;
        killing.push(sleep(delay).then(() => ext.killServiceWorker()));
      },
    };
    await ext.submit(requests.get(id)!);
    await expect.poll(() => killing.length + front.posts(id).length, { timeout: 15_000 }).toBeGreaterThan(1);
    await Promise.all(killing.splice(0));
  }
  front.hooks = {};

  // Recovery: the next worker start returns expired leases to the queue; the navigator deduplicates the resends.
  const all = [...r3, ...r4];
  await settle(ext, all, { timeoutMs: scale(120_000, 10 * 60_000), nudgeEveryMs: 2_000 });
  const r4Resent = r4.filter((id) => front.posts(id).length > 1).length;
  console.log(
    `[R4] ${runs} kills after the 2xx: ${r4Resent} landed before the local "sent" write (resent, deduplicated), ${runs - r4Resent} after it`,
  );
  for (const [scenario, ids] of [
    ['R3', r3],
    ['R4', r4],
  ] as const) {
    const v = await judge({ scenario, nav, proxy: front, session: ext, ids, faults: { kills: runs } });
    expectClean(v);
  }
  // R3's resends must all have been answered from the navigator's record, not created again.
  for (const id of r3) expect(front.posts(id).length).toBeGreaterThan(1);
});
