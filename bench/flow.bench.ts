// Chart to "sent" in real Chromium (issue 6): the built extension (.output/chrome-mv3), configured on its options page
// with the live reference navigator on loopback (tests/support/navigator-fixture.ts, PGlite in memory), the demo chart
// for TESTPATIENT, ALEX and the side panel bound to that tab. From the moment the panel shows the screening paths to
// the moment the referral is recorded as sent (a 2xx from the navigator), a clinician: starts the AHC core (Enter),
// answers each question with one key, confirms the need(s) on the results with number keys, clicks Prescribe, ticks
// "let the navigator choose" when it is not already on (no program was chosen), ticks consent and clicks "Send social
// prescription". Who asked (the configured practitioner), when (now) and how (verbal) are the screen's defaults.
//
// Every key press and pointer press received by the panel AND the chart page is counted in the pages themselves.
// A run counts only if the navigator then holds exactly one ServiceRequest and one Task for the referral.
//   flow.chart_to_sent.inputs   inputs, panel shown → sent, AHC core with one need + send (≤ 15; median of runs)
//   flow.chart_to_sent.inputs.four_needs   the same with four positive domains all confirmed (report)
//   referral.enqueue.ms   click on Send → the panel shows "queued" (durable write done) (≤ 50; median)
//   referral.deliver.ms   click on Send → the outbox records "sent" after the 2xx, loopback (≤ 300; median)
//   referral.deliver.ui.ms  click on Send → the panel shows "sent" (report; the background notifies the panel through
//                           storage.session when it records the 2xx)
// Timings are taken in the browser (the click event, a MutationObserver in the panel, an extension page reading the
// outbox from IndexedDB every few ms), all on the browser's clock; medians over both scenarios' runs.
// Usage: npx tsx bench/flow.bench.ts [runs]   (npm run bench builds the extension first)
import type { BrowserContext, Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AHC_HRSN_CORE } from '../lib/screening';
import { EXTENSION_PATH, launchWithExtension } from '../tests/e2e/fixtures';
import { startEmrServer } from '../tests/support/emr-server';
import {
  clinicOptions,
  configureThroughOptions,
  installInputLog,
  readInputLog,
  shimNames,
  startLiveNavigator,
  statusSeen,
  watchPrescriptionStatus,
  type LiveNavigator,
} from '../tests/support/navigator-fixture';
import {
  AHC_MIXED,
  answerItem,
  expectedDomains,
  waitForTabPatient,
  type ScriptAnswers,
} from '../tests/support/screening-helpers';
import { figure, median, recordFigures } from './lib/results';

const RUNS = Math.max(5, Number(process.argv[2] ?? 5));
if (!existsSync(`${EXTENSION_PATH}/manifest.json`)) {
  console.error(
    'No built extension in .output/chrome-mv3: run `npm run build:e2e` first (npm run bench does).',
  );
  process.exit(1);
}

/**
 * One key per question: stable housing, no housing problem ("None of the above", exclusive), food ran out
 * "sometimes", the rest negative, every safety item "Never" → one possible need (food insecurity).
 */
const ONE_NEED: ScriptAnswers = {
  '71802-3': 'LA31993-1',
  '96778-6': ['LA9-3'],
  '88122-7': 'LA6729-3',
  '88123-5': 'LA28398-8',
  '93030-5': 'LA32-8',
  '96779-4': 'LA32-8',
  '95618-5': 'LA6270-8',
  '95617-7': 'LA6270-8',
  '95616-9': 'LA6270-8',
  '95615-1': 'LA6270-8',
};
/** The screening bench's answers (one housing problem ticked: tick + Enter) → four possible needs. */
const FOUR_NEEDS: ScriptAnswers = { ...AHC_MIXED, '96778-6': ['LA31996-4'] };

interface Run {
  inputs: number;
  /** What the script itself pressed/clicked (must equal `inputs`). */
  sent: number;
  targets: string[];
  enqueueMs: number;
  deliverMs: number;
  deliverUiMs: number;
}

/** Epoch ms when the outbox first holds a row in state "sent", read from an extension page every few ms. */
async function watchOutboxSent(page: Page): Promise<void> {
  await shimNames(page);
  await page.evaluate(() => {
    const w = window as unknown as { __sentAt: number | null };
    w.__sentAt = null;
    const req = indexedDB.open('social-rx');
    req.onupgradeneeded = () => req.transaction?.abort(); // never create the database from here
    req.onsuccess = () => {
      const db = req.result;
      const tick = () => {
        const r = db.transaction('outbox', 'readonly').objectStore('outbox').getAll();
        r.onsuccess = () => {
          const rows = r.result as { state?: string }[];
          if (rows.some((x) => x.state === 'sent')) {
            w.__sentAt = performance.timeOrigin + performance.now();
            db.close();
          } else setTimeout(tick, 2);
        };
        r.onerror = () => setTimeout(tick, 2);
      };
      tick();
    };
  });
}

async function oneRun(emrUrl: string, nav: LiveNavigator, script: ScriptAnswers): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), 'social-rx-bench-flow-'));
  const context: BrowserContext = await launchWithExtension({ userDataDir: dir });
  try {
    const sw =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const extensionId = new URL(sw.url()).host;
    // Set-up, as the clinic does once: not part of the flow.
    await configureThroughOptions(context, extensionId, clinicOptions(nav));
    const watcher = await context.newPage();
    await watcher.goto(`chrome-extension://${extensionId}/options.html`);

    const chart = await context.newPage();
    await installInputLog(chart);
    await chart.goto(`${emrUrl}/demo-emr/chart.html`);
    const tabId = await sw.evaluate(async (u) => {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === u);
      if (!tab?.id) throw new Error('chart tab not found');
      return tab.id;
    }, chart.url());
    await waitForTabPatient(sw, tabId);
    const panel = await context.newPage();
    await installInputLog(panel);
    await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tabId=${tabId}`);
    // "Panel shown": the patient and the paths are on screen, the full screen has focus (Enter starts it).
    await panel.getByTestId('screen-path-full').waitFor({ state: 'visible' });
    await panel.waitForFunction(
      () => document.activeElement?.getAttribute('data-testid') === 'screen-path-full',
    );
    if ((await readInputLog(panel)).length + (await readInputLog(chart)).length !== 0)
      throw new Error('inputs before the flow started');

    let sent = 0;
    await panel.keyboard.press('Enter');
    sent++;
    for (const item of AHC_HRSN_CORE.items) {
      const value = script[item.linkId];
      if (value === undefined) throw new Error(`no scripted answer for ${item.linkId}`);
      sent += await answerItem(panel, item, value);
    }
    await panel.getByTestId('screen-results').waitFor({ state: 'visible' });
    const want = expectedDomains({ 'ahc-hrsn-core': script });
    const shown = (
      await panel
        .getByTestId('possible-need')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-domain') ?? ''))
    ).sort();
    if (JSON.stringify(shown) !== JSON.stringify(want))
      throw new Error(`results show ${shown.join(',')}; scoreScreening says ${want.join(',')}`);
    for (let i = 1; i <= want.length; i++) {
      await panel.keyboard.press(String(i));
      sent++;
    }
    for (const d of want)
      await panel.locator(`[data-testid="confirm-need"][data-domain="${d}"]:checked`).waitFor();

    await panel.getByTestId('nav-prescribe').click();
    sent++;
    const screen = panel.getByTestId('prescribe-screen');
    await screen.getByTestId('prescribe-need').first().waitFor();
    const letChoose = screen.locator('input[name="letNavigatorChoose"]');
    if (!(await letChoose.isChecked())) {
      // No program chosen on the full path: the clinician lets the navigator choose (one click).
      await letChoose.click();
      sent++;
      await screen.locator('input[name="letNavigatorChoose"]:checked').waitFor();
    }
    await screen.getByTestId('consent-given').click();
    sent++;
    await watchPrescriptionStatus(panel);
    await watchOutboxSent(watcher);
    await screen.getByTestId('send-prescription').click();
    sent++;
    const status = screen.getByTestId('prescription-status');
    await screen
      .locator('[data-testid="prescription-status"][data-state="sent"]')
      .waitFor({ timeout: 20_000 });
    const issues = await screen.getByTestId('prescription-issues').count();
    if (issues) throw new Error('the panel showed prescription issues');
    if (!(await status.isVisible())) throw new Error('no status shown');

    const log = [...(await readInputLog(chart)), ...(await readInputLog(panel))].sort((a, b) => a.at - b.at);
    const seen = await statusSeen(panel);
    const sentAt = await watcher.evaluate(() => (window as unknown as { __sentAt: number | null }).__sentAt);
    const clickAt = seen.click;
    if (clickAt === undefined || seen.queued === undefined || seen.sent === undefined || sentAt === null)
      throw new Error('missing timestamps');

    // The run counts only if the navigator has exactly this referral, once.
    const post = nav.referralPosts().at(-1);
    if (!post?.idempotencyKey || post.status !== 200) throw new Error('no successful referral POST seen');
    const counts = await nav.counts(post.idempotencyKey);
    if (counts.serviceRequests !== 1 || counts.tasks !== 1)
      throw new Error(`navigator holds ${JSON.stringify(counts)} for the referral`);

    return {
      inputs: log.length,
      sent,
      targets: log.map((l) => (l.kind === 'click' ? l.target : l.kind)),
      enqueueMs: seen.queued - clickAt,
      deliverMs: sentAt - clickAt,
      deliverUiMs: seen.sent - clickAt,
    };
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const emr = await startEmrServer();
const nav = await startLiveNavigator();
const main: Run[] = [];
const four: Run[] = [];
try {
  for (const [name, script, out] of [
    ['one need', ONE_NEED, main],
    ['four needs', FOUR_NEEDS, four],
  ] as const) {
    for (let i = 0; i < RUNS; i++) {
      const r = await oneRun(emr.url, nav, script);
      if (r.inputs !== r.sent) throw new Error(`pages saw ${r.inputs} inputs, the script sent ${r.sent}`);
      console.log(
        `${name} run ${i + 1}: ${r.inputs} inputs; enqueue ${r.enqueueMs.toFixed(1)} ms, deliver ` +
          `${r.deliverMs.toFixed(1)} ms, panel shows sent ${r.deliverUiMs.toFixed(0)} ms`,
      );
      if (i === 0) console.log(`  inputs: ${r.targets.join(' ')}`);
      out.push(r);
    }
  }
} finally {
  await nav.close();
  await emr.close();
}

await recordFigures([
  figure('flow.chart_to_sent.inputs', median(main.map((r) => r.inputs)), 'inputs', 15),
  figure('flow.chart_to_sent.inputs.four_needs', median(four.map((r) => r.inputs)), 'inputs', null),
  figure('referral.enqueue.ms', median([...main, ...four].map((r) => r.enqueueMs)), 'ms', 50),
  figure('referral.deliver.ms', median([...main, ...four].map((r) => r.deliverMs)), 'ms', 300),
  figure('referral.deliver.ui.ms', median([...main, ...four].map((r) => r.deliverUiMs)), 'ms', null),
]);
