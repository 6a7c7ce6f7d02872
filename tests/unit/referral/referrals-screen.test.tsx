// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import ReferralsScreen from '@/entrypoints/sidepanel/referrals';
import { createI18n } from '@/lib/i18n';
import { createClient, type MessageClient } from '@/lib/messaging/client';
import { createRouter } from '@/lib/messaging/router';
import { setLogSink } from '@/lib/platform/log';
import { ReferralRequest } from '@/lib/referral/request';
import { createReferralService, type ReferralService } from '@/lib/referral/service';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import { requestInput } from './support/factories';
import { FakeNavigator } from './support/fake-navigator';
import { Clock, freshDb, testSealer, uuidFrom } from './support/harness';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
beforeAll(() => setLogSink(() => {}));

const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  navigatorFhirBaseUrl: 'http://127.0.0.1:8787/fhir',
  navigatorToken: 'tok',
  navigatorName: 'Test Navigation Service',
  userIdentity: 'user-a',
};

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  document.body.innerHTML = '';
});

async function setup() {
  const clock = new Clock(Date.now());
  const nav = new FakeNavigator(SETTINGS.navigatorFhirBaseUrl, clock.now);
  const db = await freshDb();
  const service: ReferralService = createReferralService({
    database: async () => db,
    sealer: await testSealer(),
    getSettings: async () => SETTINGS,
    fetch: nav.fetch,
    timeoutMs: 100,
    now: clock.now,
  });
  const route = createRouter(service.handlers, {
    extensionId: 'ext',
    extensionOrigin: 'chrome-extension://ext',
    isAllowedEmrOrigin: () => false,
  });
  const send: MessageClient = createClient((m) => route(m, { id: 'ext', origin: 'chrome-extension://ext' }));
  return { nav, send, service, clock };
}

async function submit(send: MessageClient, n: number) {
  const req = ReferralRequest.parse({ ...requestInput(), referralId: uuidFrom(n) });
  return send('referral.submit', { referralId: req.referralId, request: req });
}

function mount(send: MessageClient, lang: 'en' | 'fr' = 'en') {
  const el = document.createElement('div');
  document.body.append(el);
  root = createRoot(el);
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  act(() =>
    root!.render(
      <QueryClientProvider client={qc}>
        <I18nextProvider i18n={createI18n(lang)}>
          <ReferralsScreen lang={lang} settings={SETTINGS} send={send} />
        </I18nextProvider>
      </QueryClientProvider>,
    ),
  );
}

const $ = (sel: string) => document.querySelector<HTMLElement>(sel);
const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid="referral-row"]')];
async function waitFor(check: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await act(async () => await new Promise((r) => setTimeout(r, 20)));
  }
}

describe('ReferralsScreen (DOM)', { timeout: 60_000 }, () => {
  it('lists referrals by state, needs attention first, with timelines; retry resends', async () => {
    const { send, nav, service } = await setup();
    await submit(send, 1);
    await service.drain();
    nav.faults = [{ kind: 'status', status: 422, outcome: 'Patient.name is required' }];
    await submit(send, 2);
    await service.drain();
    mount(send);
    await waitFor(() => rows().length === 2);
    expect(rows().map((r) => r.dataset.state)).toEqual(['needs-attention', 'sent']);
    expect(rows()[0]!.textContent).toContain('Patient.name is required');
    expect(rows()[0]!.textContent).toContain('TESTPATIENT, ALEX');
    expect(
      [...rows()[1]!.querySelectorAll('[data-testid="timeline-entry"]')].map(
        (e) => (e as HTMLElement).dataset.state,
      ),
    ).toEqual(['queued', 'sent']);
    act(() => $('[data-testid="referral-retry"]')!.click());
    await waitFor(() => rows().every((r) => r.dataset.state === 'sent'));
    expect(nav.count('ServiceRequest', uuidFrom(2))).toBe(1);
  });

  it('shows navigator updates after "check for updates", in French', async () => {
    const { send, nav, service, clock } = await setup();
    await submit(send, 1);
    await service.drain();
    mount(send, 'fr');
    await waitFor(() => rows().length === 1);
    await service.poll(true); // joins the panel-open poll if it is still running, so the next one starts fresh
    clock.advance(60_000); // past the 30 s floor of forced polls (the panel-open poll just ran)
    nav.updateTask(uuidFrom(1), { status: 'rejected', statusReason: { text: 'Hors de notre territoire' } });
    act(() => $('[data-testid="referrals-refresh"]')!.click());
    await waitFor(() => rows()[0]?.dataset.state === 'rejected');
    expect(rows()[0]!.textContent).toContain('Refusée');
    expect(rows()[0]!.textContent).toContain('Motif : Hors de notre territoire');
  });

  it('discard needs a confirmation and removes an unsent referral from the queue', async () => {
    const { send, nav, service } = await setup();
    nav.steady = { kind: 'down' };
    await submit(send, 1);
    mount(send);
    await waitFor(() => $('[data-testid="referral-discard"]') !== null);
    await service.drain(); // a referral being sent at this very moment cannot be discarded (tested in outbox.test)
    act(() => $('[data-testid="referral-discard"]')!.click());
    act(() => $('[data-testid="referral-discard-confirm"]')!.click());
    await waitFor(() => rows()[0]?.dataset.state === 'discarded');
  });

  it('shows the data pathway and exports CSV (identified only after confirmation)', async () => {
    const { send, service } = await setup();
    await submit(send, 1);
    await service.drain();
    const blobs: Blob[] = [];
    URL.createObjectURL = ((b: Blob) => (blobs.push(b), 'blob:test')) as typeof URL.createObjectURL;
    URL.revokeObjectURL = () => {};
    mount(send);
    await waitFor(() => $('[data-testid="pathway-summary"]')?.dataset.total === '1');
    expect($('[data-testid="pathway-summary"]')!.textContent).toContain('Food');
    act(() => $('[data-testid="export-csv"]')!.click());
    await waitFor(() => blobs.length === 1);
    expect(await blobs[0]!.text()).not.toContain('TESTPATIENT');
    act(() => $('[name="pathwayIdentified"]')!.click());
    act(() => $('[data-testid="export-csv"]')!.click());
    expect(blobs).toHaveLength(1);
    act(() => $('[data-testid="export-confirm"]')!.click());
    await waitFor(() => blobs.length === 2);
    expect(await blobs[1]!.text()).toContain('TESTPATIENT, ALEX');
  });
});
