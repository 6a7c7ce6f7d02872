/**
 * Driving the screening screen of the built extension by keyboard only (e2e specs and bench/screening.bench.ts).
 *
 * The keys are derived from the instrument data (lib/screening/instruments), then checked against the number shown
 * beside each answer on screen before they are pressed, so a drift between the data and the screen fails loudly
 * instead of silently answering something else. Waits use `locator.waitFor` (not `expect`) so the bench can use them
 * outside the Playwright test runner.
 */
import type { BrowserContext, Locator, Page, Worker } from '@playwright/test';
import { INSTRUMENTS, scoreScreening, DECLINED, type InstrumentId, type Item } from '../../lib/screening';

export type ScriptAnswer = string | number | readonly string[];
/** One instrument's answers, keyed by linkId, in the shape `scoreScreening` takes. */
export type ScriptAnswers = Readonly<Record<string, ScriptAnswer>>;

/**
 * A scripted AHC core answer set with positives in four domains, a multi-select with two ticks, and every safety item
 * "Never". 12 key presses, plus Enter to start the path.
 */
export const AHC_MIXED: ScriptAnswers = {
  '71802-3': 'LA31994-9', // worried about losing housing
  '96778-6': ['LA31996-4', 'LA32001-2'], // pests, water leaks
  '88122-7': 'LA6729-3', // sometimes true
  '88123-5': 'LA28398-8', // never true
  '93030-5': 'LA32-8', // no
  '96779-4': 'LA33-6', // yes
  '95618-5': 'LA6270-8',
  '95617-7': 'LA6270-8',
  '95616-9': 'LA6270-8',
  '95615-1': 'LA6270-8',
};

/** AHC core with two items declined ("prefer not to answer"), one of them a safety item, everything else negative. */
export const AHC_DECLINED: ScriptAnswers = {
  '71802-3': 'LA31993-1',
  '96778-6': ['LA9-3'],
  '88122-7': DECLINED,
  '88123-5': 'LA28398-8',
  '93030-5': 'LA32-8',
  '96779-4': 'LA32-8',
  '95618-5': 'LA6270-8',
  '95617-7': DECLINED,
  '95616-9': 'LA6270-8',
  '95615-1': 'LA6270-8',
};

/** Isolation path: lonely on UCLA-3 (7 ≥ 6), isolated on LSNS-6 (9 < 12), AHC loneliness "Sometimes" (not positive). */
export const ISOLATION_SCRIPT: Readonly<Partial<Record<InstrumentId, ScriptAnswers>>> = {
  'ucla-3': { 'ucla3-1': 2, 'ucla3-2': 2, 'ucla3-3': 3 },
  'lsns-6': { 'lsns6-1': 1, 'lsns6-2': 1, 'lsns6-3': 2, 'lsns6-4': 2, 'lsns6-5': 1, 'lsns6-6': 2 },
  'ahc-loneliness': { '93159-2': 'LA10082-8' },
};

/** The possible needs the product should show: the union of `scoreScreening` positive domains, sorted. */
export function expectedDomains(script: Readonly<Partial<Record<InstrumentId, ScriptAnswers>>>): string[] {
  const out = new Set<string>();
  for (const [id, answers] of Object.entries(script) as [InstrumentId, ScriptAnswers][]) {
    for (const d of scoreScreening(id, toScoring(answers)).positiveDomains) out.add(d);
  }
  out.delete('interpersonal-safety'); // safety routes to the clinician, never a "possible need"
  return [...out].sort();
}

export function toScoring(answers: ScriptAnswers): Record<string, string | number | string[]> {
  const out: Record<string, string | number | string[]> = {};
  for (const [k, v] of Object.entries(answers)) out[k] = typeof v === 'object' ? [...v] : v;
  return out;
}

/** 1-based key of the option with this value on this item (throws on a value the item does not offer). */
export function optionKey(item: Item, value: string | number): string {
  const i = item.options.findIndex((o) => o.value === value);
  if (i < 0) throw new Error(`item ${item.linkId} has no option ${String(value)}`);
  if (i > 8) throw new Error(`item ${item.linkId}: option ${String(value)} has no single-digit key`);
  return String(i + 1);
}

/**
 * The documented keys for one answer: single choice = one number (answers and moves on); multiple choice = one
 * number per tick then Enter, or the single number of an exclusive option (answers and moves on). `declineWith`
 * chooses between 0 and the last number for "prefer not to answer".
 */
export function keysForItem(
  item: Item,
  value: ScriptAnswer,
  declineWith: 'zero' | 'last' = 'zero',
): string[] {
  const one = (v: string | number) => (v === DECLINED && declineWith === 'zero' ? '0' : optionKey(item, v));
  if (!item.multiple) {
    if (Array.isArray(value)) throw new Error(`item ${item.linkId} is single choice`);
    return [one(value as string | number)];
  }
  const values: readonly (string | number)[] = Array.isArray(value) ? value : [value as string | number];
  const exclusive = values.length === 1 && item.options.find((o) => o.value === values[0])?.exclusive;
  return exclusive ? [one(values[0]!)] : [...values.map(one), 'Enter'];
}

/** Every key press that answers a whole instrument, in order. */
export function keysForInstrument(id: InstrumentId, answers: ScriptAnswers): string[] {
  return INSTRUMENTS[id].items.flatMap((item) => {
    const v = answers[item.linkId];
    if (v === undefined) throw new Error(`script has no answer for ${id}/${item.linkId}`);
    return keysForItem(item, v);
  });
}

// ─── page helpers ────────────────────────────────────────────────────────────────────────────────────────────────

export const itemLocator = (panel: Page, linkId: string): Locator =>
  panel.locator(`[data-testid="screen-item"][data-linkid="${linkId}"]`);

/** Counts keyboard and pointer inputs the panel receives (installed before the panel's scripts run). */
export async function installInputCounter(panel: Page): Promise<void> {
  await panel.addInitScript(() => {
    const w = window as unknown as { __inputs: { keys: number; pointer: number } };
    w.__inputs = { keys: 0, pointer: 0 };
    document.addEventListener('keydown', () => w.__inputs.keys++, { capture: true });
    document.addEventListener('pointerdown', () => w.__inputs.pointer++, { capture: true });
  });
}

export async function readInputCounter(panel: Page): Promise<{ keys: number; pointer: number }> {
  return panel.evaluate(
    () => (window as unknown as { __inputs: { keys: number; pointer: number } }).__inputs,
  );
}

export async function activeTestId(panel: Page): Promise<string | null> {
  return panel.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
}

/**
 * Moves focus with Tab (keyboard only) until the focused element matches `target` (a test id, or a CSS selector when
 * it contains `[`, `.`, `#` or a space); at most `max` presses. Returns the number of presses.
 */
export async function tabTo(panel: Page, target: string, max = 60): Promise<number> {
  const selector = /[[.# ]/.test(target) ? target : `[data-testid="${target}"]`;
  for (let n = 0; n <= max; n++) {
    if (await panel.evaluate((sel) => !!document.activeElement?.matches(sel), selector)) return n;
    await panel.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector} in ${max} presses`);
}

/**
 * Answers one item by keyboard and waits until the screen has moved past it. Before pressing, checks that each key's
 * on-screen option carries the intended value (and, for ticks, that they are ticked before Enter).
 */
export async function answerItem(
  panel: Page,
  item: Item,
  value: ScriptAnswer,
  declineWith: 'zero' | 'last' = 'zero',
): Promise<number> {
  const box = itemLocator(panel, item.linkId);
  await box.waitFor({ state: 'visible' });
  const keys = keysForItem(item, value, declineWith);
  const values: readonly (string | number)[] = Array.isArray(value) ? value : [value as string | number];
  const options = box.getByTestId('screen-option');
  for (const [i, key] of keys.entries()) {
    if (key === 'Enter') {
      for (const v of values) {
        const input = box.locator(`input[value="${String(v)}"]`);
        if (!(await input.isChecked())) {
          throw new Error(`${item.linkId}: ${String(v)} not ticked before Enter`);
        }
      }
    } else {
      const expected = String(values[Math.min(i, values.length - 1)]);
      const shown = key === '0' ? DECLINED : await options.nth(Number(key) - 1).getAttribute('data-value');
      if (shown !== expected)
        throw new Error(`${item.linkId}: key ${key} is "${shown}" on screen, want ${expected}`);
    }
    await panel.keyboard.press(key);
  }
  await box.waitFor({ state: 'detached' });
  return keys.length;
}

/** Answers every item of an instrument, in order; returns the number of key presses. */
export async function answerInstrument(
  panel: Page,
  id: InstrumentId,
  answers: ScriptAnswers,
  declineWith: 'zero' | 'last' = 'zero',
): Promise<number> {
  let n = 0;
  for (const item of INSTRUMENTS[id].items) {
    const v = answers[item.linkId];
    if (v === undefined) throw new Error(`script has no answer for ${id}/${item.linkId}`);
    n += await answerItem(panel, item, v, declineWith);
  }
  return n;
}

/** Switches the UI language on the options page (keyboard not needed there: this is set-up, not the flow). */
export async function setUiLanguage(
  context: BrowserContext,
  extensionId: string,
  lang: 'en' | 'fr',
): Promise<void> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.locator('select[name="defaultLanguage"]').selectOption(lang);
  await options.getByTestId('save-settings').click();
  await options.getByTestId('save-status').locator('p').waitFor(); // "Saved" / "Enregistré"
  if ((await options.locator('select[name="defaultLanguage"]').inputValue()) !== lang) {
    throw new Error(`options page did not keep language ${lang}`);
  }
  await options.close();
}

/**
 * Waits until the background has stored a patient for the tab. Opening the panel only after that sidesteps a race in
 * the panel's tab-patient query (a detection landing while the panel starts can be lost; see the screening e2e
 * report), which is not what the screening tests are about.
 */
export async function waitForTabPatient(sw: Worker, tabId: number, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const found = await sw.evaluate(async (id) => {
      const all = await chrome.storage.session.get(null);
      const v = all[`tabPatient:${id}`] as { result?: { status?: string } } | undefined;
      return v?.result?.status === 'patient';
    }, tabId);
    if (found) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no patient detected for tab ${tabId} in ${timeoutMs} ms`);
}
