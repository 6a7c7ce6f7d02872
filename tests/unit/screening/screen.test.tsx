// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import ScreeningScreen from '@/entrypoints/sidepanel/screening/ScreeningScreen';
import { createI18n } from '@/lib/i18n';
import type { PatientContext } from '@/lib/patient/context';
import { EMPTY_VISIT, type Visit } from '@/lib/visit/schema';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const PATIENT: PatientContext = {
  displayName: 'TESTPATIENT, ALEX',
  birthDate: '1948-05-02',
  sex: 'unknown',
  identifiers: [{ kind: 'mrn', system: 'urn:social-rx:mrn', value: 'TEST-0001', valid: true }],
  source: 'manual',
};
const ENABLED = ['ahc-hrsn-core', 'ahc-supplemental', 'hunger-vital-sign', 'ucla-3', 'lsns-6', 'poverty'];

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  document.body.innerHTML = '';
});

function mount(lang: 'en' | 'fr' = 'en', visit: Visit = EMPTY_VISIT) {
  const saved: Visit[] = [];
  const onVisitChange = async (v: Visit) => {
    saved.push(v);
  };
  const el = document.createElement('div');
  document.body.append(el);
  root = createRoot(el);
  act(() =>
    root!.render(
      <I18nextProvider i18n={createI18n(lang)}>
        <ScreeningScreen
          patient={PATIENT}
          visit={visit}
          onVisitChange={onVisitChange}
          lang={lang}
          enabledInstruments={ENABLED}
        />
      </I18nextProvider>,
    ),
  );
  return { saved };
}

const $ = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const $$ = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
function press(...keys: string[]) {
  for (const key of keys) {
    act(() => {
      (document.activeElement ?? document.body).dispatchEvent(
        new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }),
      );
    });
  }
}
const flush = () => act(async () => await new Promise((r) => setTimeout(r, 0)));

describe('ScreeningScreen (DOM)', () => {
  it('AHC core by keyboard: focus, one key per question, safety panel at once, results and confirmed needs', async () => {
    const { saved } = mount();
    const full = $('screen-path-full')!;
    expect(document.activeElement).toBe(full);
    expect($('screen-path-isolation')!.textContent).toContain('Isolation');
    expect(document.body.textContent).toContain('65 or older'); // fictional patient born 1948
    act(() => full.click());

    const item = () => $('screen-item')!;
    expect(item().dataset.linkid).toBe('71802-3');
    expect(item().querySelector('fieldset')!.getAttribute('role')).toBe('radiogroup');
    expect($$('screen-option').map((o) => o.dataset.value)).toEqual([
      'LA31993-1',
      'LA31994-9',
      'LA31995-6',
      'declined',
    ]);
    expect(document.activeElement).toBe(item().querySelector('input'));

    press('2', '8', '1', '2', '2', '2');
    expect(item().dataset.linkid).toBe('95618-5');
    expect($('safety-panel')).toBeNull();
    press('2'); // physically hurt: Rarely
    const panel = $('safety-panel')!;
    expect(panel.getAttribute('role')).toBe('alert');
    expect(panel.textContent).toContain('911');
    expect(panel.textContent).toContain('9-8-8');
    expect(panel.querySelector('a[href="sms:988"]')).not.toBeNull();
    expect(item().dataset.linkid).toBe('95617-7');

    press('1', '1', '1');
    expect($('screen-results')).not.toBeNull();
    expect($('safety-panel')).not.toBeNull();
    expect($$('possible-need').map((n) => n.dataset.domain)).toEqual([
      'housing-instability',
      'food-insecurity',
    ]);
    expect(document.body.textContent).toContain('Possible need — discuss');
    const confirm = $$('confirm-need');
    expect(confirm.every((c) => !(c as HTMLInputElement).checked)).toBe(true);
    act(() => confirm[1]!.click());
    await flush();
    const last = saved.at(-1)!;
    expect(last.confirmedNeeds).toEqual(['food-insecurity']);
    expect(last.screenings).toHaveLength(1);
    expect(last.screenings[0]!.result.safetyConcern).toBe(true);
  });

  it('drafts go to onVisitChange as answers are given and resume on remount', async () => {
    const { saved } = mount();
    act(() => $('screen-path-full')!.click());
    press('1', '8', '3');
    await flush();
    const withDraft = saved.at(-1)! as Visit & { screeningDraft?: { at: { item: number } } };
    expect(withDraft.screeningDraft?.at.item).toBe(3);
    act(() => root!.unmount());
    document.body.innerHTML = '';
    mount('en', withDraft);
    expect($('screen-item')!.dataset.linkid).toBe('88123-5');
    expect(document.body.textContent).toContain('Draft resumed');
  });

  it('Enter without an answer asks for one; Backspace goes back; clicking only selects', () => {
    mount();
    act(() => $('screen-path-full')!.click());
    press('Enter');
    expect(document.body.textContent).toContain('Choose an answer first');
    act(() => $$('screen-option')[0]!.querySelector('input')!.click());
    expect($('screen-item')!.dataset.linkid).toBe('71802-3'); // selection does not move on by itself
    press('Enter');
    expect($('screen-item')!.dataset.linkid).toBe('96778-6');
    expect(document.activeElement?.getAttribute('type')).toBe('checkbox');
    press('Backspace');
    expect($('screen-item')!.dataset.linkid).toBe('71802-3');
    expect((document.activeElement as HTMLInputElement).checked).toBe(true);
  });

  it('French: French wording, labelled as a project translation', () => {
    mount('fr');
    act(() => $('screen-path-full')!.click());
    expect($('screen-item')!.textContent).toContain("Quelle est votre situation de logement aujourd'hui?");
    expect($('translation-status')!.textContent).toBe('Traduction du projet, non validée');
    expect(document.body.textContent).toContain('Préfère ne pas répondre');
  });

  it('quick needs and what matters save into the visit; typing digits in a text field is not an answer', async () => {
    const { saved } = mount();
    act(() => $('screen-path-quick')!.click());
    const need = document.querySelector<HTMLInputElement>(
      '[data-testid="confirm-need"][data-domain="digital-access"]',
    )!;
    act(() => need.click());
    await flush();
    expect(saved.at(-1)!.confirmedNeeds).toEqual(['digital-access']);
    expect(document.querySelector('[data-domain="interpersonal-safety"]')).toBeNull();

    act(() => document.querySelector<HTMLButtonElement>('.quick-needs button')!.click());
    act(() => $('screen-path-what-matters')!.click());
    const form = $('what-matters')!;
    const walking = form.querySelector<HTMLInputElement>('input[value="walking"]')!;
    act(() => walking.click());
    const transport = form.querySelector<HTMLInputElement>('input[value="transport"]')!;
    act(() => transport.click());
    await flush();
    expect(saved.at(-1)!.whatMatters.interests).toEqual(['walking']);
    expect(saved.at(-1)!.whatMatters.barriers).toEqual(['transport']);
  });
});
