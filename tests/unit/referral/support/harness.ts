import { openSocialRxDb, type SocialRxDatabase } from '@/lib/db';
import { openWith, sealWith } from '@/lib/platform/crypto';
import type { Sealer } from '@/lib/platform/sealer';
import { buildReferralBundle } from '@/lib/referral/bundle';
import { enqueue, type OutboxStore } from '@/lib/referral/outbox';
import { ReferralDetail } from '@/lib/referral/records';
import { createTransport } from '@/lib/referral/transport';
import { aRequest, seqUuid } from './factories';
import type { FakeNavigator } from './fake-navigator';

export class Clock {
  constructor(public t = Date.parse('2025-03-12T18:00:00.000Z')) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

let dbSeq = 0;
export async function freshDb(): Promise<SocialRxDatabase> {
  return openSocialRxDb(`referral-test-${++dbSeq}-${Math.random().toString(36).slice(2)}`);
}

export async function testSealer(): Promise<Sealer> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  return { seal: (v) => sealWith(key, v), open: (b) => openWith(key, b) };
}

export function uuidFrom(n: number): string {
  return `aaaaaaaa-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** Enqueues referral number n (a real bundle built from the factory request). */
export async function enqueueReferral(store: OutboxStore, n: number, target = 'http://127.0.0.1:8787/fhir') {
  const id = uuidFrom(n);
  const req = aRequest({ referralId: id });
  const bundle = buildReferralBundle(req, [], {
    uuid: seqUuid(`bbbbbbbb-${String(n % 10000).padStart(4, '0')}-4000-8000-`),
  });
  return enqueue(store, {
    id,
    target,
    createdBy: 'user-a',
    bundle,
    needs: ['food-insecurity'],
    programCount: 1,
    letNavigatorChoose: false,
    priority: 'routine',
    detail: ReferralDetail.parse({ patientName: 'TESTPATIENT, ALEX' }),
  });
}

export function transportFor(nav: FakeNavigator, token = 'test-token', timeoutMs = 50) {
  const settings = { navigatorFhirBaseUrl: nav.baseUrl, navigatorToken: token };
  return {
    settings,
    transport: createTransport({ fetch: nav.fetch, getSettings: async () => settings, timeoutMs }),
  };
}

/** Deterministic pseudo-random in [0, 1). */
export function seededRandom(seed = 42): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
