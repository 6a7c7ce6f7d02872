import { describe, expect, it } from 'vitest';
import type { FhirResult } from '@/lib/fhir/client';
import { backoffMs, BACKOFF_CAP_MS, classify, parseRetryAfter } from '@/lib/referral/classify';

const NOW = Date.parse('2025-03-12T18:00:00.000Z');
const res = (status: number, body: unknown = null, retryAfter: string | null = null): FhirResult => ({
  kind: 'response',
  status,
  retryAfter,
  location: null,
  body,
});
const ctx = (attempts = 0, r = 0.5) => ({ now: NOW, attempts, random: () => r });
const outcome = (text: string) => ({
  resourceType: 'OperationOutcome',
  issue: [
    { severity: 'error', code: 'invalid', details: { text }, expression: ['Bundle.entry[3].resource'] },
  ],
});

describe('classify', () => {
  it.each([200, 201, 202, 204])('%i → sent, with the receipt', (status) => {
    const body = {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: [
        { response: { status: '200 OK', location: 'Patient/1/_history/1' } },
        { response: { status: '201 Created', location: 'ServiceRequest/7/_history/1' } },
        { response: { status: '201 Created', location: 'http://nav.example/fhir/Task/8/_history/1' } },
      ],
    };
    const o = classify(res(status, body), ctx());
    expect(o).toEqual({
      kind: 'sent',
      status,
      receipt: {
        status,
        at: NOW,
        serviceRequest: 'ServiceRequest/7/_history/1',
        task: 'http://nav.example/fhir/Task/8/_history/1',
      },
    });
  });

  it('200 "already exists" (conditional create matched) is sent', () => {
    const body = {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: [{ response: { status: '200 OK', location: 'Task/3/_history/2' } }],
    };
    expect(classify(res(200, body), ctx()).kind).toBe('sent');
  });

  it.each([400, 412, 422, 404, 405, 413])('%i → needs attention with a readable reason', (status) => {
    const o = classify(res(status, outcome('Patient.birthDate: invalid date')), ctx());
    expect(o).toEqual({
      kind: 'attention',
      code: `http-${status}`,
      status,
      reason: 'Patient.birthDate: invalid date (Bundle.entry[3].resource)',
    });
  });

  it('needs attention without an OperationOutcome still says what happened', () => {
    expect(classify(res(422, '<html>'), ctx())).toMatchObject({ kind: 'attention', reason: 'HTTP 422' });
  });

  it.each([401, 403])('%i → pause and sign in again', (status) => {
    expect(classify(res(status), ctx())).toEqual({ kind: 'auth', code: `http-${status}`, status });
  });

  it('409 → retry later without holding the queue', () => {
    const o = classify(res(409), ctx(0, 0.5));
    expect(o).toEqual({
      kind: 'retry',
      code: 'http-409',
      status: 409,
      nextAttemptAt: NOW + 15_000,
      holdQueueUntil: null,
    });
  });

  it.each([408, 429, 500, 502, 503, 504])('%i → retry with backoff', (status) => {
    const o = classify(res(status), ctx(2, 0.25));
    expect(o).toMatchObject({
      kind: 'retry',
      code: `http-${status}`,
      status,
      nextAttemptAt: NOW + 30_000,
      holdQueueUntil: null,
    });
  });

  it.each(['network', 'timeout', 'too-large'] as const)('%s → retry with backoff', (error) => {
    expect(classify({ kind: 'error', error }, ctx(0, 0.1))).toMatchObject({
      kind: 'retry',
      code: error,
      status: null,
      nextAttemptAt: NOW + 3000,
    });
  });

  it('honours Retry-After (seconds) when longer than the backoff, and holds the whole queue', () => {
    const o = classify(res(429, null, '120'), ctx(0, 0.99));
    expect(o).toEqual({
      kind: 'retry',
      code: 'http-429',
      status: 429,
      nextAttemptAt: NOW + 120_000,
      holdQueueUntil: NOW + 120_000,
    });
  });

  it('keeps the backoff when it is longer than Retry-After', () => {
    const o = classify(res(503, null, '1'), ctx(5, 0.99));
    expect(o.kind === 'retry' && o.nextAttemptAt - NOW).toBeGreaterThan(1000);
    expect(o).toMatchObject({ holdQueueUntil: NOW + 1000 });
  });

  it('honours Retry-After as an HTTP date', () => {
    const at = new Date(NOW + 90_000).toUTCString();
    expect(classify(res(503, null, at), ctx(0, 0))).toMatchObject({ nextAttemptAt: NOW + 90_000 });
  });
});

describe('backoff', () => {
  it('is full jitter: uniform below min(cap, 30 s · 2^attempt)', () => {
    expect(backoffMs(0, () => 0)).toBe(0);
    expect(backoffMs(0, () => 0.999999)).toBe(29_999);
    expect(backoffMs(3, () => 0.5)).toBe(120_000);
    expect(backoffMs(30, () => 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(backoffMs(30, () => 0.999999)).toBeGreaterThan(BACKOFF_CAP_MS - 10);
  });

  it('grows on average with the attempt number', () => {
    let s = 1;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const mean = (a: number) =>
      Array.from({ length: 2000 }, () => backoffMs(a, rnd)).reduce((x, y) => x + y, 0) / 2000;
    expect(mean(1)).toBeGreaterThan(mean(0) * 1.5);
    expect(mean(3)).toBeGreaterThan(mean(2) * 1.5);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    ['0', 0],
    [' 5 ', 5_000],
    ['nonsense', null],
    [null, null],
    ['99999999', 24 * 3600_000],
  ])('%s → %s', (v, ms) => expect(parseRetryAfter(v, NOW)).toBe(ms));
  it('a date in the past means now', () =>
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0));
});
