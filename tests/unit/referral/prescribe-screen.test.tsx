// @vitest-environment happy-dom
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import PrescribeScreen from '@/entrypoints/sidepanel/prescribe';
import { createI18n } from '@/lib/i18n';
import { createClient, type MessageClient } from '@/lib/messaging/client';
import { createRouter } from '@/lib/messaging/router';
import { setLogSink } from '@/lib/platform/log';
import { createReferralService } from '@/lib/referral/service';
import { notifyReferralChanged } from '@/lib/platform/referrals';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import { EMPTY_VISIT, type Visit } from '@/lib/visit/schema';
import { AHC_SCREENING, TEST_PATIENT } from './support/factories';
import { FakeNavigator } from './support/fake-navigator';
import { freshDb, testSealer } from './support/harness';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
beforeAll(() => setLogSink(() => {}));

const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  navigatorFhirBaseUrl: 'http://127.0.0.1:8787/fhir',
  navigatorToken: 'tok',
  navigatorName: 'Test Navigation Service',
  clinicName: 'Test Family Health Team',
  practitionerName: 'Dr. TESTDOCTOR, SAM',
  userIdentity: 'user-a',
};

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  document.body.innerHTML = '';
});

async function backend(settings: Settings) {
  const nav = new FakeNavigator(settings.navigatorFhirBaseUrl || undefined);
  const db = await freshDb();
  const service = createReferralService({
    database: async () => db,
    sealer: await testSealer(),
    getSettings: async () => settings,
    fetch: nav.fetch,
    timeoutMs: 100,
    onReferralChange: notifyReferralChanged, // the background's notification, through the fake storage.session
  });
  const route = createRouter(service.handlers, {
    extensionId: 'ext',
    extensionOrigin: 'chrome-extension://ext',
    isAllowedEmrOrigin: () => false,
  });
  const send: MessageClient = createClient((m) => route(m, { id: 'ext', origin: 'chrome-extension://ext' }));
  return { nav, send, db };
}

function mount(opts: {
  send: MessageClient;
  settings?: Settings;
  visit?: Visit;
  quick?: boolean;
  lang?: 'en' | 'fr';
  insertNote?: (text: string) => Promise<boolean>;
}) {
  const visits: Visit[] = [];
  function Host() {
    const [visit, setVisit] = useState<Visit>(opts.visit ?? EMPTY_VISIT);
    return (
      <PrescribeScreen
        patient={TEST_PATIENT}
        visit={visit}
        onVisitChange={async (v) => {
          visits.push(v);
          setVisit(v);
        }}
        lang={opts.lang ?? 'en'}
        settings={opts.settings ?? SETTINGS}
        send={opts.send}
        quick={opts.quick}
        insertNote={opts.insertNote}
        programs={[
          {
            id: 'svc-walk',
            name: 'Test Walking Club',
            organization: '',
            description: 'A weekly walk.',
            address: '1 Test St',
            hours: 'Mondays',
            cost: '',
            free: true,
            howToJoin: 'Just come.',
            phone: '',
            email: '',
            url: '',
            verifiedAt: '',
          },
        ]}
      />
    );
  }
  const el = document.createElement('div');
  document.body.append(el);
  root = createRoot(el);
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  act(() =>
    root!.render(
      <QueryClientProvider client={qc}>
        <I18nextProvider i18n={createI18n(opts.lang ?? 'en')}>
          <Host />
        </I18nextProvider>
      </QueryClientProvider>,
    ),
  );
  return { visits };
}

const $ = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const $$ = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)];
let clicks = 0;
const click = (el: HTMLElement | null) => {
  clicks++;
  act(() => el!.click());
};
function type(name: string, value: string) {
  const input = document.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function waitFor(check: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await act(async () => await new Promise((r) => setTimeout(r, 20)));
  }
}

describe('PrescribeScreen (DOM)', { timeout: 60_000 }, () => {
  it('quick path: a need, consent, send — queued, then sent only after the 2xx; ≤ 3 clicks plus consent', async () => {
    const { send, nav } = await backend(SETTINGS);
    mount({ send, quick: true });
    clicks = 0;
    click($$('[data-testid="quick-need"][data-need="food-insecurity"]')[0]!);
    const consent = $('consent-given')!;
    act(() => consent.click()); // consent is not counted as a click of the path
    click($('send-prescription'));
    expect(clicks).toBeLessThanOrEqual(3);
    await waitFor(() => $('prescription-status') !== null);
    // Well before the 5 s fallback re-read: the panel learns of the 2xx from the background's notification.
    await waitFor(() => $('prescription-status')!.dataset.state === 'sent', 2_000);
    expect($('prescription-status')!.textContent).toContain('Sent to Test Navigation Service');
    expect(nav.resources.filter((r) => r.resourceType === 'ServiceRequest')).toHaveLength(1);
    expect(nav.resources.filter((r) => r.resourceType === 'Task')).toHaveLength(1);
    expect(($('chart-note') as HTMLTextAreaElement).value).toContain('status: Sent');
  });

  it('says "queued" (never "sent") while the navigator is unreachable', async () => {
    const { send, nav } = await backend(SETTINGS);
    nav.steady = { kind: 'down' };
    mount({ send, visit: { ...EMPTY_VISIT, confirmedNeeds: ['food-insecurity'], letNavigatorChoose: true } });
    act(() => $('consent-given')!.click());
    act(() => $('send-prescription')!.click());
    await waitFor(() => $('prescription-status') !== null);
    await act(async () => await new Promise((r) => setTimeout(r, 300)));
    expect($('prescription-status')!.dataset.state).toBe('queued');
    expect($('prescription-status')!.textContent).toContain('It is not sent yet');
  });

  it('shares only what is ticked: unticked health number and birth date never reach the navigator', async () => {
    const { send, nav } = await backend(SETTINGS);
    mount({
      send,
      visit: {
        ...EMPTY_VISIT,
        screenings: [AHC_SCREENING],
        confirmedNeeds: ['food-insecurity'],
        chosenProgramIds: ['svc-walk'],
      },
    });
    const item = (key: string) =>
      document.querySelector<HTMLInputElement>(`[data-testid="share-item"][data-key="${key}"]`)!;
    expect(item('healthNumber').checked).toBe(true);
    expect(item('sex').checked).toBe(false);
    expect(item('safety').checked).toBe(false);
    act(() => item('healthNumber').click());
    act(() => item('birthDate').click());
    type('contactPhone', '555-555-0100');
    act(() => $('consent-given')!.click());
    act(() => $('send-prescription')!.click());
    await waitFor(() => $('prescription-status')?.dataset.state === 'sent');
    const text = JSON.stringify(nav.resources);
    expect(text).not.toContain('9876543225');
    expect(text).not.toContain('1950-01-01');
    expect(text).not.toContain('95618-5');
    expect(text).toContain('555-555-0100');
    expect(text).toContain('Test Walking Club');
  });

  it('refuses to send without consent and says why, in French', async () => {
    const { send, nav } = await backend(SETTINGS);
    mount({
      send,
      lang: 'fr',
      visit: { ...EMPTY_VISIT, confirmedNeeds: ['food-insecurity'], letNavigatorChoose: true },
    });
    act(() => $('send-prescription')!.click());
    expect($('prescription-issues')!.textContent).toContain('Consignez d’abord le consentement exprès');
    expect(nav.requests).toHaveLength(0);
    expect(document.body.textContent).toContain('Envoyer la prescription sociale');
  });

  it('without a navigator offers the 211 route with the note and a handout', async () => {
    const settings = { ...SETTINGS, navigatorFhirBaseUrl: '' };
    const { send } = await backend(settings);
    mount({
      send,
      settings,
      visit: { ...EMPTY_VISIT, confirmedNeeds: ['social-connection'], chosenProgramIds: ['svc-walk'] },
    });
    expect($('no-navigator')).not.toBeNull();
    expect($('send-prescription')).toBeNull();
    click($('route-211'));
    expect(($('chart-note') as HTMLTextAreaElement).value).toContain('211');
    expect($('handout-preview')).toBeNull(); // created only when the preview is opened
    const details = document.querySelector('.handout details') as HTMLDetailsElement;
    act(() => {
      details.open = true;
      details.dispatchEvent(new Event('toggle'));
    });
    const preview = $('handout-preview') as HTMLIFrameElement;
    expect(preview.getAttribute('srcdoc')).toContain('Test Walking Club');
    expect(preview.getAttribute('srcdoc')).toContain('2-1-1');
  });

  it('copies the note and inserts it into the EMR note when the adapter can', async () => {
    const { send } = await backend({ ...SETTINGS, navigatorFhirBaseUrl: '' });
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: async (t: string) => void (copied = t) },
      configurable: true,
    });
    const inserted: string[] = [];
    mount({
      send,
      settings: { ...SETTINGS, navigatorFhirBaseUrl: '' },
      visit: { ...EMPTY_VISIT, confirmedNeeds: ['food-insecurity'] },
      insertNote: async (t) => (inserted.push(t), true),
    });
    act(() => $('route-211')!.click());
    await act(async () => $('copy-note')!.click());
    expect(copied).toContain('Social prescription (Social Rx)');
    await act(async () => $('insert-note')!.click());
    expect(inserted[0]).toBe(copied);
    expect($('note-feedback')!.textContent).toContain('not saved');
  });
});
