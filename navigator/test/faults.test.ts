import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NavigatorHandle } from '../src/index';
import { referralBundle, SID } from '../src/testing/referral-bundle';
import { backends, fhir } from './harness';

async function plan(nav: NavigatorHandle, body: unknown): Promise<Response> {
  return fetch(`${nav.url}/__test/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function countsFor(
  nav: NavigatorHandle,
  referralId: string,
): Promise<{ serviceRequests: number; tasks: number }> {
  const r = await fetch(
    `${nav.url}/__test/counts?identifier=${encodeURIComponent(`${SID.referral}|${referralId}`)}`,
  );
  return (await r.json()) as { serviceRequests: number; tasks: number };
}

describe.each(backends())('fault injection on $name', (backend) => {
  let nav: NavigatorHandle;
  let token: string;
  beforeAll(async () => {
    nav = await backend.start({ faults: true });
    token = await nav.createClinicToken('Fault Clinic');
  });
  afterAll(async () => {
    await nav?.close();
  });
  afterEach(async () => {
    await fetch(`${nav.url}/__test/faults`, { method: 'DELETE' });
  });

  it('validates the plan', async () => {
    expect((await plan(nav, { rules: [{ match: 'POST /fhir', kind: 'status' }] })).status).toBe(400);
    expect((await plan(nav, { rules: [{ match: 'nonsense', kind: 'reset' }] })).status).toBe(400);
    expect(
      (await plan(nav, { rules: [{ match: 'POST /fhir', kind: 'delay', delayMs: 1, extra: 1 }] })).status,
    ).toBe(400);
  });

  it('answers an injected 503 with Retry-After, a set number of times, then recovers', async () => {
    await plan(nav, {
      rules: [{ match: 'POST /fhir', kind: 'status', status: 503, retryAfter: 120, times: 2 }],
    });
    const referralId = randomUUID();
    const body = referralBundle({ referralId });
    const a = await fhir(nav, '', { token, body });
    const b = await fhir(nav, '', { token, body });
    expect([a.status, b.status]).toEqual([503, 503]);
    expect(a.headers.get('retry-after')).toBe('120');
    expect(await countsFor(nav, referralId)).toEqual({ serviceRequests: 0, tasks: 0 });
    const c = await fhir(nav, '', { token, body });
    expect(c.status).toBe(200);
    expect(await countsFor(nav, referralId)).toEqual({ serviceRequests: 1, tasks: 1 });
  });

  it('429 and delays apply only to the matching route', async () => {
    await plan(nav, {
      rules: [
        { match: 'GET /fhir/Task', kind: 'status', status: 429, retryAfter: 5 },
        { match: 'GET /fhir/metadata', kind: 'delay', delayMs: 300 },
      ],
    });
    expect((await fhir(nav, '/Task?_count=1', { token })).status).toBe(429);
    const t0 = Date.now();
    expect((await fhir(nav, '/metadata')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect((await fhir(nav, `/Task/${randomUUID()}`, { token })).status).toBe(404);
  });

  it('reset destroys the connection without a response and stores nothing', async () => {
    await plan(nav, { rules: [{ match: 'POST /fhir', kind: 'reset', times: 1 }] });
    const referralId = randomUUID();
    await expect(fhir(nav, '', { token, body: referralBundle({ referralId }) })).rejects.toThrow();
    expect(await countsFor(nav, referralId)).toEqual({ serviceRequests: 0, tasks: 0 });
  });

  it('commit-then-drop commits, drops the response, and the retry gets the stored response', async () => {
    await plan(nav, { rules: [{ match: 'POST /fhir', kind: 'commit-then-drop', times: 1 }] });
    const referralId = randomUUID();
    const body = referralBundle({ referralId });
    const headers = { 'idempotency-key': referralId };
    await expect(fhir(nav, '', { token, body, headers })).rejects.toThrow();
    expect(await countsFor(nav, referralId)).toEqual({ serviceRequests: 1, tasks: 1 });
    const retry = await fhir(nav, '', { token, body, headers });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await countsFor(nav, referralId)).toEqual({ serviceRequests: 1, tasks: 1 });
  });

  it('probability rules are reproducible with a seed, and stats add up', async () => {
    await plan(nav, {
      seed: 42,
      rules: [{ match: 'GET /fhir/metadata', kind: 'status', status: 500, probability: 0.5 }],
    });
    const first: number[] = [];
    for (let i = 0; i < 20; i++) first.push((await fhir(nav, '/metadata')).status);
    await plan(nav, {
      seed: 42,
      rules: [{ match: 'GET /fhir/metadata', kind: 'status', status: 500, probability: 0.5 }],
    });
    const second: number[] = [];
    for (let i = 0; i < 20; i++) second.push((await fhir(nav, '/metadata')).status);
    expect(second).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
    const stats = (await (await fetch(`${nav.url}/__test/stats`)).json()) as Record<string, unknown>;
    expect(stats.serviceRequestsWithDuplicateTasks).toBe(0);
    expect((stats.faultsInjected as Record<string, number>).status).toBeGreaterThan(0);
  });

  it('POST /__test/counts answers many referrals at once', async () => {
    const ids = [randomUUID(), randomUUID()];
    await fhir(nav, '', { token, body: referralBundle({ referralId: ids[0] }) });
    const r = await fetch(`${nav.url}/__test/counts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifiers: ids.map((id) => `${SID.referral}|${id}`) }),
    });
    const body = (await r.json()) as Record<string, { serviceRequests: number; tasks: number }>;
    expect(body[`${SID.referral}|${ids[0]}`]).toEqual({ serviceRequests: 1, tasks: 1 });
    expect(body[`${SID.referral}|${ids[1]}`]).toEqual({ serviceRequests: 0, tasks: 0 });
  });
});

describe('without faults enabled', () => {
  it('has no /__test routes', async () => {
    const nav = await backends()[0]!.start();
    try {
      expect((await fetch(`${nav.url}/__test/stats`)).status).toBe(404);
      expect((await fetch(`${nav.url}/__test/faults`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await nav.close();
    }
  });
});
