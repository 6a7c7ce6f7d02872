import { referralBundle } from '../../../navigator/src/testing/referral-bundle';
import { settle } from '../../support/faults/extension-harness';
import { judge } from '../../support/faults/verdict';
import { expect, expectClean, newIds, requestsFor, scale, test } from './fault-test';

test.describe.configure({ mode: 'serial' });

test('R9: 400/422/412 → needs attention with a readable reason, payload kept, nothing at the navigator', async ({
  ext,
  nav,
  front,
}) => {
  test.setTimeout(scale(90_000, 300_000));
  const statuses = scale([400, 422, 412], [400, 422, 412, 400, 422, 412]);
  const ids = newIds(statuses.length);
  const requests = requestsFor(ids, front);
  // One referral at a time, so each meets its own status.
  for (const [i, status] of statuses.entries()) {
    await nav.setFaults([{ match: 'POST /fhir', kind: 'status', status, times: 1 }]);
    const r = await ext.submit(requests[i]!);
    expect(r.ok && r.data.state).toBe('queued');
    const snap = await settle(ext, [ids[i]!], { timeoutMs: 15_000, done: ['needs-attention', 'sent'] });
    expect(snap.get(ids[i]!)?.state).toBe('needs-attention');
  }
  await nav.clearFaults();

  // A real 422 from the navigator: the same Idempotency-Key already used for a different payload.
  const [conflictId] = newIds(1) as [string];
  expect(await nav.postBundle(referralBundle(), conflictId)).toBeLessThan(300);
  const conflict = await ext.submit(requestsFor([conflictId], front)[0]!);
  expect(conflict.ok && conflict.data.state).toBe('queued');
  await settle(ext, [conflictId], { timeoutMs: 15_000, done: ['needs-attention', 'sent'] });

  const attention = [...ids, conflictId];
  const outbox = await ext.outbox();
  for (const [i, id] of attention.entries()) {
    const raw = outbox.get(id);
    expect(raw?.state, id).toBe('needs-attention');
    expect(raw?.hasPayload, 'payload kept').toBe(true);
    expect(raw?.lastCode).toBe(`http-${statuses[i] ?? 422}`);
    const st = await ext.state(id);
    expect(st.ok).toBe(true);
    if (!st.ok) continue;
    expect(st.data.state).toBe('needs-attention');
    // Readable: the navigator's own words (OperationOutcome), not only a status number.
    expect(st.data.reason.length).toBeGreaterThan(0);
    expect(st.data.reason).not.toMatch(/^HTTP \d+$/);
    console.log(`[R9] ${st.data.code}: "${st.data.reason}"`);
  }
  // Needs attention is not retried on its own: nothing more arrives at the navigator while we nudge.
  const postsBefore = front.posts().length;
  await ext.drain();
  await new Promise((r) => setTimeout(r, 1500));
  expect(front.posts().length).toBe(postsBefore);
  const mid = await judge({
    scenario: 'R9 needs-attention',
    nav,
    proxy: front,
    session: ext,
    ids: attention,
    needsAttention: new Set(attention),
  });
  expect(mid.lost).toEqual([]);
  expect(mid.duplicated).toEqual([]);

  // The kept payload is the proof: once the cause is fixed, the user's "retry" sends the very same referral.
  for (const id of ids) expect((await ext.action(id, 'retry')).ok).toBe(true);
  await settle(ext, ids, { timeoutMs: scale(60_000, 120_000), nudgeEveryMs: 2_000 });
  const v = await judge({
    scenario: 'R9',
    nav,
    proxy: front,
    session: ext,
    ids: attention,
    needsAttention: new Set([conflictId]),
  });
  expectClean(v);
});
