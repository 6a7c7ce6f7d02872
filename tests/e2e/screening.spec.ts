/**
 * Issue 4 end to end: the screening screen of the built extension in real Chromium, driven by keyboard only (the
 * keys documented in entrypoints/sidepanel/screening/ScreeningScreen.tsx), in English and French. Expected needs are
 * computed with the product's own `scoreScreening` from the scripted answers, never hard-coded.
 */
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { AHC_HRSN_CORE, INSTRUMENTS, scoreScreening, type InstrumentId } from '../../lib/screening';
import type { EmrServer } from '../support/emr-server';
import {
  AHC_DECLINED,
  AHC_MIXED,
  ISOLATION_SCRIPT,
  activeTestId,
  answerInstrument,
  answerItem,
  expectedDomains,
  itemLocator,
  setUiLanguage,
  tabTo,
  toScoring,
  waitForTabPatient,
} from '../support/screening-helpers';
import { expect, openPanel, tabIdOf, test } from './fixtures';

const LANGS = ['en', 'fr'] as const;
type Lang = (typeof LANGS)[number];

interface Opened {
  chart: Page;
  tabId: number;
  panel: Page;
}

/** Chart for TESTPATIENT, ALEX in one tab, the panel for that tab in another, in the chosen UI language. */
async function openChartAndPanel(
  ctx: { context: BrowserContext; emr: EmrServer; serviceWorker: Worker; extensionId: string },
  lang: Lang,
  path = '/demo-emr/chart.html',
): Promise<Opened> {
  if (lang !== 'en') await setUiLanguage(ctx.context, ctx.extensionId, lang);
  const chart = await ctx.context.newPage();
  await chart.goto(`${ctx.emr.url}${path}`);
  const tabId = await tabIdOf(ctx.serviceWorker, chart);
  await waitForTabPatient(ctx.serviceWorker, tabId);
  const panel = await openPanel(ctx.context, ctx.extensionId, tabId);
  await expect(panel.getByTestId('patient-name')).toHaveText('TESTPATIENT, ALEX');
  await expect(panel.getByTestId('screening')).toHaveAttribute('lang', lang);
  await expect(panel.getByTestId('screen-home')).toBeVisible();
  return { chart, tabId, panel };
}

async function expectNoAxeViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe violations on ${what}`,
  ).toEqual([]);
}

/** A screening UI string from the shipped locale files, with {{var}} filled in (so wording edits do not break tests). */
function tr(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const file = new URL(`../../lib/i18n/locales/${lang}/screening.json`, import.meta.url);
  let node: unknown = JSON.parse(readFileSync(file, 'utf8'));
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'string') throw new Error(`no string screening:${key} in ${lang}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, v: string) => String(vars[v] ?? `{{${v}}}`));
}

/** The possible needs on the results view, sorted. */
async function shownNeeds(panel: Page): Promise<string[]> {
  const domains = await panel
    .getByTestId('possible-need')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-domain') ?? ''));
  return domains.sort();
}

for (const lang of LANGS) {
  test.describe(`screening (${lang})`, () => {
    test(`full AHC core by keyboard only → expected possible needs, confirmed by keyboard (${lang})`, async ({
      context,
      emr,
      serviceWorker,
      extensionId,
    }) => {
      const { panel } = await openChartAndPanel({ context, emr, serviceWorker, extensionId }, lang);
      // No mouse from here on: pointer events in the panel are counted and must stay at zero.
      await panel.evaluate(() => {
        const w = window as unknown as { __pointer: number };
        w.__pointer = 0;
        document.addEventListener('pointerdown', () => w.__pointer++, { capture: true });
      });
      expect(await activeTestId(panel)).toBe('screen-path-full'); // focused on arrival: Enter starts it
      await panel.keyboard.press('Enter');

      const first = itemLocator(panel, '71802-3');
      await expect(first.locator('legend')).toHaveText(AHC_HRSN_CORE.items[0]!.text[lang]);
      await expect(first.getByTestId('translation-status')).toHaveCount(lang === 'fr' ? 1 : 0);
      // Backspace goes back, including across a multi-select; the earlier answer is kept and can be changed.
      await answerItem(panel, AHC_HRSN_CORE.items[0]!, 'LA31993-1');
      await panel.keyboard.press('Backspace');
      await expect(first.locator('input[value="LA31993-1"]')).toBeChecked();
      await expect(first.locator('input[value="LA31993-1"]')).toBeFocused();

      await answerInstrument(panel, 'ahc-hrsn-core', AHC_MIXED);
      const results = panel.getByTestId('screen-results');
      await expect(results).toBeVisible();
      await expect(results.getByRole('heading', { level: 2 })).toBeFocused();

      const score = scoreScreening('ahc-hrsn-core', toScoring(AHC_MIXED));
      const expected = expectedDomains({ 'ahc-hrsn-core': AHC_MIXED });
      expect(expected.length).toBeGreaterThan(0); // the script is meant to show needs
      expect(await shownNeeds(panel)).toEqual(expected);
      await expect(panel.getByTestId('safety-panel')).toHaveCount(0);
      await expect(results.locator('[data-testid="screen-total"][data-key="95614-4"]')).toContainText(
        String(score.totals['95614-4']),
      );

      // Confirm the first and the last possible need with number keys; nothing is confirmed before.
      const confirm = panel.getByTestId('confirm-need');
      await expect(confirm.and(panel.locator(':checked'))).toHaveCount(0);
      await panel.keyboard.press('1');
      await panel.keyboard.press(String(expected.length));
      const order = await confirm.evaluateAll((els) => els.map((e) => e.getAttribute('data-domain') ?? ''));
      const want = [order[0]!, order[expected.length - 1]!];
      for (const d of order) {
        const box = panel.locator(`[data-testid="confirm-need"][data-domain="${d}"]`);
        if (want.includes(d)) await expect(box).toBeChecked();
        else await expect(box).not.toBeChecked();
      }
      // …and one more by Tab + Space, as a screen-reader user would.
      const third = order.find((d) => !want.includes(d));
      if (third) {
        for (let n = 0; n < 30; n++) {
          const focused = await panel.evaluate(() => document.activeElement?.getAttribute('data-domain'));
          if (focused === third) break;
          await panel.keyboard.press('Tab');
        }
        await panel.keyboard.press('Space');
        await expect(panel.locator(`[data-testid="confirm-need"][data-domain="${third}"]`)).toBeChecked();
      }
      expect(await panel.evaluate(() => (window as unknown as { __pointer: number }).__pointer)).toBe(0);
    });
    test(`isolation path: UCLA-3, LSNS-6, AHC loneliness → social connection (${lang})`, async ({
      context,
      emr,
      serviceWorker,
      extensionId,
    }) => {
      const { panel } = await openChartAndPanel({ context, emr, serviceWorker, extensionId }, lang);
      // TESTPATIENT, ALEX was born in 1956: the isolation screen is suggested for an older adult.
      await expect(panel.locator('#path-isolation-hint strong')).toHaveText(tr(lang, 'paths.suggestedOlder'));
      await tabTo(panel, 'screen-path-isolation');
      await panel.keyboard.press('Enter');
      const order: InstrumentId[] = ['ucla-3', 'lsns-6', 'ahc-loneliness'];
      for (const id of order) {
        const script = ISOLATION_SCRIPT[id];
        if (!script) throw new Error(`no script for ${id}`);
        const firstItem = INSTRUMENTS[id].items[0]!;
        await expect(itemLocator(panel, firstItem.linkId).locator('legend')).toHaveText(firstItem.text[lang]);
        await answerInstrument(panel, id, script);
      }
      const results = panel.getByTestId('screen-results');
      await expect(results).toBeVisible();
      await expect(results.getByTestId('screen-result')).toHaveCount(3);
      const expected = expectedDomains(ISOLATION_SCRIPT);
      expect(expected).toContain('social-connection');
      expect(await shownNeeds(panel)).toEqual(expected);
      for (const id of ['ucla-3', 'lsns-6'] as const) {
        const total = scoreScreening(id, toScoring(ISOLATION_SCRIPT[id]!)).totals[id];
        expect(total).toBeDefined();
        await expect(results.locator(`[data-testid="screen-total"][data-key="${id}"]`)).toContainText(
          `: ${total} (`,
        );
      }
      await expect(panel.getByTestId('safety-panel')).toHaveCount(0);
      await panel.keyboard.press('1');
      await expect(
        panel.locator('[data-testid="confirm-need"][data-domain="social-connection"]'),
      ).toBeChecked();
    });

    test(`quick needs: marked by keyboard, kept in the visit (${lang})`, async ({
      context,
      emr,
      serviceWorker,
      extensionId,
    }) => {
      const { panel, tabId } = await openChartAndPanel({ context, emr, serviceWorker, extensionId }, lang);
      await tabTo(panel, 'screen-path-quick');
      await panel.keyboard.press('Enter');
      const quick = panel.getByTestId('quick-needs');
      await expect(quick.getByRole('heading', { level: 2 })).toBeFocused();
      // Safety is never a quick need: it goes to the clinician, not to a referral.
      await expect(quick.locator('[data-domain="interpersonal-safety"]')).toHaveCount(0);
      const picked = ['food-insecurity', 'social-connection'];
      for (const d of picked) {
        await tabTo(panel, `[data-testid="confirm-need"][data-domain="${d}"]`);
        await panel.keyboard.press('Space');
      }
      for (const d of picked) await expect(quick.locator(`[data-domain="${d}"]`)).toBeChecked();
      await expect(quick.locator('input:checked')).toHaveCount(picked.length);
      await expect(quick.getByRole('status')).toHaveText(tr(lang, 'results.confirmedCount', { n: 2 }));
      await tabTo(panel, '.quick-needs button.primary');
      await panel.keyboard.press('Enter');
      await expect(panel.getByTestId('screen-home')).toBeVisible();

      // The needs are in the visit: a new panel for the same tab shows them ticked.
      await panel.close();
      const again = await openPanel(context, extensionId, tabId);
      await expect(again.getByTestId('screen-home')).toBeVisible();
      await tabTo(again, 'screen-path-quick');
      await again.keyboard.press('Enter');
      await expect(again.getByTestId('quick-needs').locator('input:checked')).toHaveCount(picked.length);
      for (const d of picked)
        await expect(again.locator(`[data-testid="confirm-need"][data-domain="${d}"]`)).toBeChecked();
    });

    test(`safety panel appears at once on any non-Never answer to "physically hurt" or "threaten" (${lang})`, async ({
      context,
      emr,
      serviceWorker,
      extensionId,
    }) => {
      const { panel } = await openChartAndPanel({ context, emr, serviceWorker, extensionId }, lang);
      await panel.keyboard.press('Enter');
      const items = AHC_HRSN_CORE.items;
      for (const item of items.slice(0, 6)) await answerItem(panel, item, AHC_MIXED[item.linkId]!);
      const safety = panel.getByTestId('safety-panel');
      await expect(safety).toHaveCount(0);

      const byId = (id: string) => items.find((i) => i.linkId === id)!;
      for (const linkId of ['95618-5', '95616-9']) {
        const item = byId(linkId);
        const next = items[items.indexOf(item) + 1]!;
        const aboveNever = item.options.filter((o) => o.value !== 'LA6270-8' && o.value !== 'declined');
        expect(aboveNever).toHaveLength(4);
        for (const option of aboveNever) {
          await answerItem(panel, item, option.value);
          // Shown while the screen is still on the next question, before the instrument is complete.
          await expect(itemLocator(panel, next.linkId)).toBeVisible();
          await expect(safety).toBeVisible({ timeout: 1000 });
          await expect(safety).toHaveAttribute('role', 'alert');
          await expect(safety.getByRole('heading')).toHaveText(tr(lang, 'safety.title'));
          await expect(safety).toContainText('911');
          await expect(safety).toContainText('9-8-8');
          await expect(safety.locator('a[href="tel:911"]')).toBeVisible();
          await expect(safety.locator('a[href="tel:988"]')).toBeVisible();
          await expect(safety.locator('a[href="sms:988"]')).toBeVisible();
          await panel.keyboard.press('Backspace'); // back to the safety item: the answer, and the panel, stay
          await expect(itemLocator(panel, linkId).locator(`input[value="${option.value}"]`)).toBeChecked();
          await expect(safety).toBeVisible();
        }
        await answerItem(panel, item, 'LA6270-8'); // "Never": no concern from this item
        await expect(safety).toHaveCount(0);
        if (linkId === '95618-5') await answerItem(panel, next, 'LA6270-8');
      }
      // Now leave "threaten" at "Rarely" and finish: the concern stays on the results, never as a possible need.
      await panel.keyboard.press('Backspace');
      await answerItem(panel, byId('95616-9'), 'LA10066-1');
      await expect(safety).toBeVisible();
      await answerItem(panel, byId('95615-1'), 'LA6270-8');
      await expect(panel.getByTestId('screen-results')).toBeVisible();
      await expect(safety).toBeVisible();
      const answers = { ...toScoring(AHC_MIXED), '95616-9': 'LA10066-1' };
      expect(scoreScreening('ahc-hrsn-core', answers).safetyConcern).toBe(true);
      await expect(panel.locator('[data-domain="interpersonal-safety"]')).toHaveCount(0);
      expect(await shownNeeds(panel)).toEqual(expectedDomains({ 'ahc-hrsn-core': answers }));
    });

    test(`"prefer not to answer" keeps the result incomplete, not negative (${lang})`, async ({
      context,
      emr,
      serviceWorker,
      extensionId,
    }) => {
      const { panel } = await openChartAndPanel({ context, emr, serviceWorker, extensionId }, lang);
      await panel.keyboard.press('Enter');
      // One item declined with 0, the safety item with the last number (both documented keys).
      for (const item of AHC_HRSN_CORE.items) {
        await answerItem(
          panel,
          item,
          AHC_DECLINED[item.linkId]!,
          item.linkId === '95617-7' ? 'last' : 'zero',
        );
      }
      const score = scoreScreening('ahc-hrsn-core', toScoring(AHC_DECLINED));
      expect(score.complete).toBe(false);
      expect(score.totals['95614-4']).toBeUndefined();
      const results = panel.getByTestId('screen-results');
      const ahc = results.locator('[data-testid="screen-result"][data-instrument="ahc-hrsn-core"]');
      await expect(ahc).toContainText(tr(lang, 'results.incomplete', { n: 2 }));
      await expect(ahc).not.toContainText(tr(lang, 'results.complete'));
      // The safety total needs all four items: it is absent, not reported as a low (negative) score.
      await expect(ahc.locator('[data-testid="screen-total"][data-key="95614-4"]')).toHaveCount(0);
      expect(await shownNeeds(panel)).toEqual(expectedDomains({ 'ahc-hrsn-core': AHC_DECLINED }));
      await expect(panel.getByTestId('safety-panel')).toHaveCount(0);

      await tabTo(panel, '.screen-results .nav-buttons button:not(.primary)');
      await panel.keyboard.press('Enter');
      const earlier = panel.locator('[data-testid="earlier-screening"][data-instrument="ahc-hrsn-core"]');
      await expect(earlier).toContainText(tr(lang, 'earlier.incomplete'));
    });

    /** Starts the full screen on the single-page chart and answers the first four AHC items; leaves it there. */
    async function draftOnSpa(ctx: Parameters<typeof openChartAndPanel>[0]) {
      const opened = await openChartAndPanel(ctx, lang, '/demo-emr/spa.html');
      await opened.panel.keyboard.press('Enter');
      for (const item of AHC_HRSN_CORE.items.slice(0, 4)) {
        await answerItem(opened.panel, item, AHC_MIXED[item.linkId]!);
      }
      await expect(itemLocator(opened.panel, AHC_HRSN_CORE.items[4]!.linkId)).toBeVisible();
      return opened;
    }

    test(`a draft resumes where it stopped when the panel is reopened (${lang})`, async ({
      context,
      emr,
      serviceWorker,
      extensionId,
    }) => {
      const items = AHC_HRSN_CORE.items;
      const { tabId, panel } = await draftOnSpa({ context, emr, serviceWorker, extensionId });
      await panel.close();

      const reopened = await openPanel(context, extensionId, tabId);
      await expect(reopened.getByTestId('patient-name')).toHaveText('TESTPATIENT, ALEX');
      const resumedAt = itemLocator(reopened, items[4]!.linkId);
      await expect(resumedAt).toBeVisible();
      await expect(reopened.locator('.questions .notice[role="status"]').first()).toContainText(
        tr(lang, 'resumed', { time: '' }).replace(/\.$/, '').trim(),
      );
      await expect(resumedAt.locator('input').first()).toBeFocused();
      await reopened.keyboard.press('Backspace'); // the answers given before closing are there
      const prev = items[3]!;
      await expect(
        itemLocator(reopened, prev.linkId).locator(`input[value="${String(AHC_MIXED[prev.linkId])}"]`),
      ).toBeChecked();
      // …and the screen carries on to the same results as in one sitting.
      for (const item of items.slice(3)) await answerItem(reopened, item, AHC_MIXED[item.linkId]!);
      await expect(reopened.getByTestId('screen-results')).toBeVisible();
      expect(await shownNeeds(reopened)).toEqual(expectedDomains({ 'ahc-hrsn-core': AHC_MIXED }));
    });

    test(`a draft is purged when the tab's patient changes, and stays gone (${lang})`, async ({
      context,
      emr,
      serviceWorker,
      extensionId,
    }) => {
      const { chart, tabId, panel } = await draftOnSpa({ context, emr, serviceWorker, extensionId });
      // The EMR switches to another patient in place, with the panel open: the draft must not follow.
      await chart.bringToFront();
      await chart.click('#switch-1002');
      await expect(panel.getByTestId('patient-name')).toHaveText('EXEMPLE-FICTIF, CAMILLE');
      await expect(panel.getByTestId('screen-home')).toBeVisible();
      await expect(panel.getByTestId('screen-item')).toHaveCount(0);
      await expect(panel.getByTestId('screen-resume')).toHaveCount(0);

      // Back to the first patient: the purged draft stays gone, in storage (a new panel) and in the open panel.
      await chart.click('#switch-1001');
      await expect(panel.getByTestId('patient-name')).toHaveText('TESTPATIENT, ALEX');
      const fresh = await openPanel(context, extensionId, tabId);
      await expect(fresh.getByTestId('patient-name')).toHaveText('TESTPATIENT, ALEX');
      await expect(fresh.getByTestId('screen-home')).toBeVisible();
      await expect(fresh.getByTestId('screen-item')).toHaveCount(0);
      await expect(fresh.getByTestId('screen-resume')).toHaveCount(0);

      await expect(panel.getByTestId('screen-home')).toBeVisible();
      await expect(panel.getByTestId('screen-item')).toHaveCount(0);
      await expect(panel.getByTestId('screen-resume')).toHaveCount(0);
    });

    test(`axe: 0 violations on every screening screen (${lang})`, async ({
      context,
      emr,
      serviceWorker,
      extensionId,
    }) => {
      const { panel } = await openChartAndPanel({ context, emr, serviceWorker, extensionId }, lang);
      await expectNoAxeViolations(panel, 'home');
      await panel.keyboard.press('Enter');
      const items = AHC_HRSN_CORE.items;
      await expect(itemLocator(panel, items[0]!.linkId)).toBeVisible();
      await expectNoAxeViolations(panel, 'a single-choice question');
      await answerItem(panel, items[0]!, AHC_MIXED[items[0]!.linkId]!);
      await panel.keyboard.press('1'); // tick without moving on: the multi-select with a checked box
      await expect(itemLocator(panel, items[1]!.linkId).locator('input:checked')).toHaveCount(1);
      await expectNoAxeViolations(panel, 'a multiple-choice question');
      await panel.keyboard.press('Enter');
      await expect(itemLocator(panel, items[2]!.linkId)).toBeVisible();
      await panel.keyboard.press('Enter'); // no answer yet: the "answer required" notice
      await expect(panel.locator('.questions [aria-live="polite"]')).toHaveText(tr(lang, 'answerRequired'));
      await expectNoAxeViolations(panel, 'the answer-required notice');
      for (const item of items.slice(2, 6)) await answerItem(panel, item, AHC_MIXED[item.linkId]!);
      await answerItem(panel, items[6]!, 'LA10082-8'); // "physically hurt": Sometimes
      await expect(panel.getByTestId('safety-panel')).toBeVisible();
      await expectNoAxeViolations(panel, 'the safety panel over a question');
      for (const item of items.slice(7)) await answerItem(panel, item, AHC_MIXED[item.linkId]!);
      await expect(panel.getByTestId('screen-results')).toBeVisible();
      await panel.keyboard.press('1');
      await expect(panel.getByTestId('confirm-need').first()).toBeChecked();
      await expectNoAxeViolations(panel, 'results with the safety panel');

      await tabTo(panel, '.screen-results .nav-buttons button.primary');
      await panel.keyboard.press('Enter');
      const wm = panel.getByTestId('what-matters');
      await expect(wm.getByRole('heading', { level: 2 })).toBeFocused();
      await expectNoAxeViolations(panel, 'what matters');
      await tabTo(panel, 'input[name="goal-1"]');
      await panel.keyboard.type('Walk with others');
      await panel.keyboard.press('Enter'); // submits the form: back to the paths
      await expect(panel.getByTestId('screen-home')).toBeVisible();
      await expect(panel.getByTestId('earlier-screening')).toHaveCount(1);
      await expectNoAxeViolations(panel, 'home with an earlier screening');
      await tabTo(panel, 'screen-path-what-matters');
      await panel.keyboard.press('Enter');
      await expect(panel.locator('input[name="goal-1"]')).toHaveValue('Walk with others');

      await tabTo(panel, '.what-matters button[type="submit"]');
      await panel.keyboard.press('Enter');
      await tabTo(panel, 'screen-path-quick');
      await panel.keyboard.press('Enter');
      await expect(panel.getByTestId('quick-needs')).toBeVisible();
      await expectNoAxeViolations(panel, 'quick needs');

      await tabTo(panel, '.quick-needs button.primary');
      await panel.keyboard.press('Enter');
      await tabTo(panel, 'screen-path-isolation');
      await panel.keyboard.press('Enter');
      await answerInstrument(panel, 'ucla-3', ISOLATION_SCRIPT['ucla-3']!);
      await expect(itemLocator(panel, 'lsns6-1')).toBeVisible();
      await expectNoAxeViolations(panel, 'an LSNS-6 question with its section heading');
    });
  });
}
