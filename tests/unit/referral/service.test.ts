import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setLogSink, type LogFacts } from '@/lib/platform/log';
import type { SocialRxDatabase } from '@/lib/db';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import { createReferralService, type ReferralService } from '@/lib/referral/service';
import { mapTaskStatus } from '@/lib/referral/status';
import type { HandlerContext } from '@/lib/messaging/router';
import { aRequest, REFERRAL_ID, requestInput, screeningGroups } from './support/factories';
import { FakeNavigator } from './support/fake-navigator';
import { Clock, freshDb, testSealer } from './support/harness';
import { ReferralRequest } from '@/lib/referral/request';
import { loadReferralValidator } from '@/lib/referral/validator';

const logged: { code: string; facts: LogFacts }[] = [];
beforeAll(() => setLogSink((_l, code, facts) => logged.push({ code, facts })));

const ctx = { sender: {} } as HandlerContext;
let db: SocialRxDatabase;
let clock: Clock;
let nav: FakeNavigator;
let settings: Settings;
let service: ReferralService;
let counts: { pending: number; needsAttention: number }[];

beforeEach(async () => {
  db = await freshDb();
  clock = new Clock();
  nav = new FakeNavigator('http://127.0.0.1:8787/fhir', clock.now);
  settings = {
    ...DEFAULT_SETTINGS,
    navigatorFhirBaseUrl: 'http://127.0.0.1:8787/fhir',
    navigatorToken: 'tok',
    navigatorName: 'Test Navigation Service',
    userIdentity: 'user-a',
  };
  counts = [];
  service = createReferralService({
    database: async () => db,
    sealer: await testSealer(),
    getSettings: async () => settings,
    fetch: nav.fetch,
    screeningResources: (screenings) =>
      screeningGroups().filter((g) => screenings.some((s) => s.id === g.screeningId)),
    now: clock.now,
    onCounts: (c) => counts.push(c),
    timeoutMs: 50,
  });
});

const submit = (req = aRequest()) =>
  service.handlers['referral.submit']({ referralId: req.referralId, request: req }, ctx);
const state = () => service.handlers['referral.state']({ referralId: REFERRAL_ID }, ctx);
const until = async (f: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await f()); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('referral.submit → queued → sent', () => {
  it('queues after validation, then delivers exactly one ServiceRequest and one Task with the consented content', async () => {
    expect(await submit()).toEqual({ state: 'queued', issues: [] });
    await until(async () => (await state()).state === 'sent');
    expect(await state()).toMatchObject({ state: 'sent', code: null, paused: false });
    expect(nav.count('ServiceRequest', REFERRAL_ID)).toBe(1);
    expect(nav.count('Task', REFERRAL_ID)).toBe(1);
    const text = JSON.stringify(nav.resources);
    expect(text).not.toContain('95618-5'); // safety answers stay home
    expect(text).toContain('88122-7');
    // The same click again changes nothing.
    expect(await submit()).toEqual({ state: 'queued', issues: [] });
    await service.drain();
    expect(nav.count('ServiceRequest', REFERRAL_ID)).toBe(1);
    expect(nav.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(counts.at(-1)).toMatchObject({ pending: 0, needsAttention: 0 });
  });

  it('refuses without a navigator, or when the navigator changed after consent', async () => {
    settings = { ...settings, navigatorFhirBaseUrl: '' };
    expect(await submit()).toEqual({ state: 'invalid', issues: ['no-navigator'] });
    settings = { ...settings, navigatorFhirBaseUrl: 'https://other.example/fhir' };
    expect(await submit()).toEqual({ state: 'invalid', issues: ['navigator-changed'] });
    expect(await db.count('outbox')).toBe(0);
  });

  const withResources = async (resources: unknown[]) =>
    createReferralService({
      database: async () => db,
      sealer: await testSealer(),
      getSettings: async () => settings,
      fetch: nav.fetch,
      screeningResources: () => [
        { screeningId: aRequest().screenings[0]!.id, resources: resources as never },
      ],
      now: clock.now,
    });

  it('never sends a bundle that fails base R4 validation: queued at once, then needs attention with the reason, payload kept', async () => {
    const s = await withResources([{ resourceType: 'Observation', status: 'bogus' }]);
    const req = aRequest();
    const r = await s.handlers['referral.submit']({ referralId: req.referralId, request: req }, ctx);
    expect(r).toEqual({ state: 'queued', issues: [] }); // durable first; validation is off the click's path
    await s.drain();
    const st = await s.handlers['referral.state']({ referralId: REFERRAL_ID }, ctx);
    expect(st).toMatchObject({ state: 'needs-attention', code: 'bundle-invalid' });
    expect(st.reason).toMatch(/fhir: .*Observation|status/);
    const o = await db.get('outbox', REFERRAL_ID);
    expect(o).toMatchObject({ state: 'needs-attention', checked: false });
    expect(o?.payload).not.toBeNull();
    // A retry cannot make it valid: it is checked again, and again not sent.
    await s.handlers['referral.action']({ action: 'retry', referralId: REFERRAL_ID }, ctx);
    await s.drain();
    expect((await s.handlers['referral.state']({ referralId: REFERRAL_ID }, ctx)).state).toBe(
      'needs-attention',
    );
    expect(nav.requests.filter((x) => x.method === 'POST')).toHaveLength(0);
  });

  it('validates a payload once: a retried send does not validate it again', async () => {
    let validations = 0;
    const s = createReferralService({
      database: async () => db,
      sealer: await testSealer(),
      getSettings: async () => settings,
      fetch: nav.fetch,
      screeningResources: (screenings) =>
        screeningGroups().filter((g) => screenings.some((x) => x.id === g.screeningId)),
      loadValidator: async () => {
        const v = await loadReferralValidator();
        return (b) => (validations++, v(b));
      },
      now: clock.now,
    });
    nav.steady = { kind: 'status', status: 500 };
    const req = aRequest();
    await s.handlers['referral.submit']({ referralId: req.referralId, request: req }, ctx);
    await s.drain();
    expect((await db.get('outbox', REFERRAL_ID))?.checked).toBe(true);
    nav.steady = { kind: 'none' };
    clock.advance(3_600_000);
    await s.drain();
    expect((await s.handlers['referral.state']({ referralId: REFERRAL_ID }, ctx)).state).toBe('sent');
    expect(validations).toBe(1);
  });

  it('never logs patient data', async () => {
    logged.length = 0;
    await submit();
    await until(async () => (await state()).state === 'sent');
    const text = JSON.stringify(logged);
    for (const phi of ['TESTPATIENT', '9876543225', '1950-01-01', '555-0100'])
      expect(text).not.toContain(phi);
    expect(logged.map((l) => l.code)).toEqual(expect.arrayContaining(['referral.queued', 'outbox.sent']));
  });
});

describe('closed loop', () => {
  async function sent() {
    await submit();
    await until(async () => (await state()).state === 'sent');
  }

  it('polls Task changes and keeps the timeline with reasons, notes and outputs', async () => {
    await sent();
    clock.advance(60_000);
    nav.updateTask(REFERRAL_ID, { status: 'received' });
    expect(await service.poll(true)).toEqual({ polled: true, changed: 0 }); // received = still waiting
    clock.advance(60_000);
    nav.updateTask(REFERRAL_ID, {
      status: 'accepted',
      note: [{ text: 'Called the patient, first visit booked.' }],
    });
    expect(await service.poll(true)).toEqual({ polled: true, changed: 1 });
    clock.advance(60_000);
    nav.updateTask(REFERRAL_ID, {
      status: 'completed',
      output: [
        {
          type: { text: 'resulting-activity' },
          valueCodeableConcept: { text: 'Enrolled in the Good Food Box' },
        },
      ],
    });
    expect(await service.poll(true)).toEqual({ polled: true, changed: 1 });
    const list = await service.handlers['referral.list']({}, ctx);
    const view = list.referrals[0]!;
    expect(view.state).toBe('completed');
    expect(view.timeline.map((t) => t.state)).toEqual(['queued', 'sent', 'accepted', 'completed']);
    expect(view.timeline[2]!.notes).toEqual(['Called the patient, first visit booked.']);
    expect(view.timeline[3]!.outputs).toEqual(['resulting-activity: Enrolled in the Good Food Box']);
    expect(view.patientName).toBe('TESTPATIENT, ALEX');
    // Terminal: no more polling for it.
    clock.advance(60_000);
    const before = nav.requests.length;
    await service.poll(true);
    expect(nav.requests.length).toBe(before);
  });

  it('shows the reason when the navigator declines', async () => {
    await sent();
    clock.advance(60_000);
    nav.updateTask(REFERRAL_ID, { status: 'rejected', statusReason: { text: 'Outside our service area' } });
    await service.poll(true);
    const view = (await service.handlers['referral.list']({}, ctx)).referrals[0]!;
    expect(view.state).toBe('rejected');
    expect(view.timeline.at(-1)).toMatchObject({
      state: 'rejected',
      raw: 'rejected',
      reason: 'Outside our service area',
    });
  });

  it('polls no more often than configured, except when forced (panel open), and then at most every 30 s', async () => {
    await sent();
    const gets = () => nav.requests.filter((r) => r.method === 'GET').length;
    expect((await service.poll(false)).polled).toBe(true);
    const n = gets();
    clock.advance(5 * 60_000);
    expect((await service.poll(false)).polled).toBe(false);
    expect((await service.poll(true)).polled).toBe(true);
    expect((await service.poll(true)).polled).toBe(false);
    clock.advance(15 * 60_000);
    expect((await service.poll(false)).polled).toBe(true);
    expect(gets()).toBe(n + 2);
  });

  it.each([
    ['requested', 'sent'],
    ['received', 'sent'],
    ['ready', 'accepted'],
    ['accepted', 'accepted'],
    ['in-progress', 'in-progress'],
    ['on-hold', 'on-hold'],
    ['completed', 'completed'],
    ['rejected', 'rejected'],
    ['cancelled', 'cancelled'],
    ['failed', 'failed'],
    ['entered-in-error', 'entered-in-error'],
    ['made-up', null],
  ])('maps Task status %s → %s', (raw, mapped) => expect(mapTaskStatus(raw)).toBe(mapped));
});

describe('referrals view and data pathway', () => {
  it("lists this user's referrals in detail, others as counts only", async () => {
    await submit();
    settings = { ...settings, userIdentity: 'user-b' };
    const other = ReferralRequest.parse({
      ...requestInput(),
      referralId: '5d1c2f7e-6a0b-4c4e-9f11-2b7a9c3e8d02',
    });
    nav.steady = { kind: 'down' };
    await service.handlers['referral.submit']({ referralId: other.referralId, request: other }, ctx);
    const list = await service.handlers['referral.list']({}, ctx);
    expect(list.referrals.map((r) => r.id)).toEqual(['5d1c2f7e-6a0b-4c4e-9f11-2b7a9c3e8d02']);
    expect(list.others.total).toBe(1);
    expect(JSON.stringify(list.others)).not.toContain('TESTPATIENT');
  });

  it('exports CSV without names unless explicitly identified, in English and French', async () => {
    await submit();
    await until(async () => (await state()).state === 'sent');
    const period = { from: clock.t - 3600_000, to: clock.t + 3600_000 };
    const en = await service.handlers['referral.pathway']({ period, language: 'en', identified: false }, ctx);
    expect(en.summary).toMatchObject({ total: 1, byState: { sent: 1 } });
    expect(en.summary.byNeed).toEqual({
      'food-insecurity': 1,
      'housing-instability': 1,
      'social-connection': 1,
    });
    expect(en.csv.split('\r\n')[0]).toContain('"referral_id"');
    expect(en.csv).not.toContain('TESTPATIENT');
    expect(en.csv).not.toContain('9876543225');
    const fr = await service.handlers['referral.pathway']({ period, language: 'fr', identified: true }, ctx);
    expect(fr.csv.split('\r\n')[0]).toContain('"nom_patient"');
    expect(fr.csv).toContain('"TESTPATIENT, ALEX"');
    expect(fr.csv).toContain('"9876543225"');
    expect(fr.csv).toContain('"Envoyée"');
  });
});
