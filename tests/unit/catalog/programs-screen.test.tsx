// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ProgramsScreen from '@/entrypoints/sidepanel/programs/ProgramsScreen';
import { resetSharedCatalog } from '@/entrypoints/sidepanel/programs/useCatalog';
import { createCatalogHandlers } from '@/lib/catalog/handlers';
import { importHsdsFile } from '@/lib/catalog/import';
import { META } from '@/lib/catalog/meta';
import { listListingReports } from '@/lib/catalog/reports';
import type { Db } from '@/lib/catalog/store';
import { openSocialRxDb } from '@/lib/db';
import { createI18n } from '@/lib/i18n';
import { createClient, type MessageClient } from '@/lib/messaging/client';
import { createRouter } from '@/lib/messaging/router';
import type { PatientContext } from '@/lib/patient/context';
import { setLogSink } from '@/lib/platform/log';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import { Visit } from '@/lib/visit/schema';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
beforeAll(() => setLogSink(() => {}));

// happy-dom gives import.meta.url an http scheme: resolve from the repository root instead.
const demoText = readFileSync(join(process.cwd(), 'lib/catalog/demo/demo-catalog.json'), 'utf8');
const PATIENT: PatientContext = {
  displayName: 'TESTPATIENT, ALEX',
  birthDate: '1955-03-14',
  sex: null,
  identifiers: [],
  source: 'manual',
};
const SETTINGS: Settings = { ...DEFAULT_SETTINGS, clinicLatitude: 45.4215, clinicLongitude: -75.6972 };

let db: Db;
let root: Root | null = null;
let lastVisit: Visit | null = null;

beforeEach(async () => {
  resetSharedCatalog();
  db = await openSocialRxDb(`screen-${Math.random()}`);
  lastVisit = null;
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  document.body.innerHTML = '';
});

function sender(): MessageClient {
  const handlers = createCatalogHandlers({
    sync: {
      fetchImpl: async () => new Response('offline', { status: 503 }),
      getSettings: async () => ({ catalogHsdsBaseUrl: '', catalogToken: '' }),
      db: async () => db,
    },
    db: async () => db,
  });
  const route = createRouter(handlers, {
    extensionId: 'ext',
    extensionOrigin: 'chrome-extension://ext',
    isAllowedEmrOrigin: () => false,
  });
  return createClient((m) => route(m, { id: 'ext', origin: 'chrome-extension://ext' }));
}

function mount(initial: Visit, lang: 'en' | 'fr' = 'en', send?: MessageClient) {
  const i18n = createI18n(lang);
  function Harness() {
    const [visit, setVisit] = useState(initial);
    return (
      <ProgramsScreen
        patient={PATIENT}
        visit={visit}
        onVisitChange={async (v) => {
          lastVisit = v;
          setVisit(v);
        }}
        lang={lang}
        settings={SETTINGS}
        send={send}
        openDb={async () => db}
      />
    );
  }
  const host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  act(() => root!.render(<I18nextProvider i18n={i18n}>{<Harness />}</I18nextProvider>));
  return host;
}

async function until(check: () => boolean, ms = 4000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
    });
  }
}

const cards = (host: HTMLElement) => [...host.querySelectorAll('[data-testid="program-result"]')];

function type(input: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('ProgramsScreen', () => {
  it('suggests programs for the confirmed needs with their reasons, and lets the clinician choose one', async () => {
    await importHsdsFile(demoText, { db: async () => db, yieldFn: async () => undefined });
    const visit = Visit.parse({
      confirmedNeeds: ['food-insecurity'],
      whatMatters: { preferredLanguage: 'fr', barriers: ['cost'] },
    });
    const host = mount(visit);
    await until(() => cards(host).length > 0);
    const first = cards(host)[0]!;
    const why = first.querySelector('[data-testid="program-why"]')!.textContent!;
    expect(why).toMatch(/food/);
    expect(why).toMatch(/French/);
    expect(why).toMatch(/free/);
    expect(why).toMatch(/km/);
    expect(first.querySelector('[data-testid="program-freshness"]')!.textContent).toMatch(/Verified|Never/);
    const choose = [...first.querySelectorAll('button')].find(
      (b) => b.getAttribute('aria-pressed') === 'false',
    )!;
    act(() => choose.click());
    await until(() => (lastVisit?.chosenProgramIds.length ?? 0) === 1);
    await until(() => !!host.querySelector('.chosen-list'));
    expect(host.querySelector('.chosen-list')!.textContent).toContain(
      first.querySelector('h3')!.textContent!,
    );
  });

  it('searches offline with accent folding and typos', async () => {
    await importHsdsFile(demoText, { db: async () => db, yieldFn: async () => undefined });
    const host = mount(Visit.parse({}));
    await until(() => !(host.querySelector('input[type="search"]') as HTMLInputElement).disabled);
    type(host.querySelector('input[type="search"]') as HTMLInputElement, 'epicerie');
    await until(() => cards(host).some((c) => /Épicerie/.test(c.textContent ?? '')));
    type(host.querySelector('input[type="search"]') as HTMLInputElement, 'greif suport');
    await until(() => cards(host).length > 0 && /Grief|deuil/i.test(cards(host)[0]!.textContent ?? ''));
    expect(host.querySelector('[data-testid="program-count"]')!.textContent).toMatch(/close spellings/);
  });

  it('reports a problem with a listing through the background (queued)', async () => {
    await importHsdsFile(demoText, { db: async () => db, yieldFn: async () => undefined });
    const host = mount(Visit.parse({ confirmedNeeds: ['social-connection'] }), 'en', sender());
    await until(() => cards(host).length > 0);
    const card = cards(host)[0]!;
    act(() =>
      [...card.querySelectorAll('button')].find((b) => /Report a problem/.test(b.textContent ?? ''))!.click(),
    );
    act(() => (card.querySelector('input[value="wrong-hours"]') as HTMLInputElement).click());
    act(() => [...card.querySelectorAll('button')].find((b) => b.textContent === 'Send report')!.click());
    await until(() => /queued/.test(card.textContent ?? ''));
    const reports = await listListingReports(db);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.kind).toBe('wrong-hours');
  });

  it('shows sync progress and the last error, in French', async () => {
    await importHsdsFile(demoText, { db: async () => db, yieldFn: async () => undefined });
    await db.put(
      'catalogMeta',
      {
        running: true,
        phase: 'services',
        done: 1200,
        total: 60000,
        startedAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      },
      META.progress,
    );
    const status = await db.get('catalogMeta', META.status);
    await db.put(
      'catalogMeta',
      {
        ...(status as object),
        lastError: { code: 'not-json', at: new Date().toISOString(), detail: 'html' },
      },
      META.status,
    );
    const host = mount(Visit.parse({}), 'fr');
    await until(() => !!host.querySelector('[data-testid="catalog-progress"]'));
    const bar = host.querySelector('[data-testid="catalog-progress"]') as HTMLProgressElement;
    expect(bar.getAttribute('value')).toBe('1200');
    expect(bar.getAttribute('max')).toBe('60000');
    expect(host.textContent).toContain('Programmes communautaires');
    expect(host.querySelector('[data-testid="catalog-error"]')!.textContent).toMatch(/page Web/);
  });

  it('says when there is no catalog yet', async () => {
    const host = mount(Visit.parse({ confirmedNeeds: ['food-insecurity'] }));
    await until(() => /not been downloaded/.test(host.textContent ?? ''));
    expect(cards(host)).toHaveLength(0);
  });
});
