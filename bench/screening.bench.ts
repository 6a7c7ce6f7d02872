// Screening by keyboard in real Chromium (issue 4): the built extension (.output/chrome-mv3), the demo chart for
// TESTPATIENT, ALEX, the side panel bound to that tab. From the moment the panel shows the screening paths (the "Full
// screen" button focused) to the results view, the AHC core is completed by keyboard with a scripted answer set: one
// answer per question, positives in four domains, one housing problem ticked on the multi-select (tick + Enter). Each
// further tick costs one more key (the e2e script with two ticks takes 13). Every key press and pointer press the
// panel receives is counted in the page itself.
//   screening.ahc.inputs  inputs from panel shown to results (≤ 12; median of 5 runs)
//   screening.ahc.ms      wall time for the same span, keys sent as fast as the screen moves on (report; median of 5)
// Usage: npx tsx bench/screening.bench.ts [runs]   (npm run bench builds the extension first)
import { chromium, type BrowserContext, type Worker } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_PATH, extensionArgs } from '../tests/e2e/fixtures';
import { chromiumPath } from '../tests/support/chromium';
import { startEmrServer } from '../tests/support/emr-server';
import {
  AHC_MIXED,
  expectedDomains,
  installInputCounter,
  itemLocator,
  keysForItem,
  readInputCounter,
  type ScriptAnswers,
  waitForTabPatient,
} from '../tests/support/screening-helpers';
import { AHC_HRSN_CORE } from '../lib/screening';
import { figure, median, recordFigures } from './lib/results';

const RUNS = Number(process.argv[2] ?? 5);
/** The e2e answer set with a single housing problem (pests) instead of two. */
const SCRIPT: ScriptAnswers = { ...AHC_MIXED, '96778-6': ['LA31996-4'] };
if (!existsSync(`${EXTENSION_PATH}/manifest.json`)) {
  console.error(
    'No built extension in .output/chrome-mv3: run `npm run build:e2e` first (npm run bench does).',
  );
  process.exit(1);
}

interface Run {
  inputs: number;
  pointer: number;
  sent: number;
  ms: number;
}

async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
}

async function oneRun(emrUrl: string): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), 'social-rx-bench-screening-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    headless: true,
    args: extensionArgs(),
  });
  try {
    const sw = await serviceWorkerOf(context);
    const extensionId = new URL(sw.url()).host;
    const chart = await context.newPage();
    await chart.goto(`${emrUrl}/demo-emr/chart.html`);
    const tabId = await sw.evaluate(async (u) => {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === u);
      if (!tab?.id) throw new Error('chart tab not found');
      return tab.id;
    }, chart.url());
    await waitForTabPatient(sw, tabId);

    const panel = await context.newPage();
    await installInputCounter(panel);
    await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tabId=${tabId}`);
    // "Panel shown": the paths are on screen and the full screen has focus (Enter starts it).
    const full = panel.getByTestId('screen-path-full');
    await full.waitFor({ state: 'visible' });
    await panel.waitForFunction(
      () => document.activeElement?.getAttribute('data-testid') === 'screen-path-full',
    );
    const before = await readInputCounter(panel);
    const t0 = performance.now();

    let sent = 0;
    await panel.keyboard.press('Enter');
    sent++;
    const items = AHC_HRSN_CORE.items;
    for (const [i, item] of items.entries()) {
      await itemLocator(panel, item.linkId).waitFor({ state: 'visible' });
      const value = SCRIPT[item.linkId];
      if (value === undefined) throw new Error(`no scripted answer for ${item.linkId}`);
      for (const key of keysForItem(item, value)) {
        await panel.keyboard.press(key);
        sent++;
      }
      if (i === items.length - 1) await panel.getByTestId('screen-results').waitFor({ state: 'visible' });
    }
    const ms = performance.now() - t0;
    const after = await readInputCounter(panel);

    // The run only counts if the screen reached the right result.
    const shown = (
      await panel
        .getByTestId('possible-need')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-domain') ?? ''))
    ).sort();
    const want = expectedDomains({ 'ahc-hrsn-core': SCRIPT });
    if (JSON.stringify(shown) !== JSON.stringify(want)) {
      throw new Error(`results show ${shown.join(',')}; scoreScreening says ${want.join(',')}`);
    }
    return {
      inputs: after.keys - before.keys + (after.pointer - before.pointer),
      pointer: after.pointer - before.pointer,
      sent,
      ms,
    };
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const emr = await startEmrServer();
const runs: Run[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const r = await oneRun(emr.url);
    console.log(
      `run ${i + 1}: ${r.inputs} inputs (${r.pointer} pointer, ${r.sent} keys sent), ${r.ms.toFixed(0)} ms`,
    );
    if (r.inputs !== r.sent) throw new Error(`panel saw ${r.inputs} inputs, the script sent ${r.sent}`);
    runs.push(r);
  }
} finally {
  await emr.close();
}

await recordFigures([
  figure('screening.ahc.inputs', median(runs.map((r) => r.inputs)), 'inputs', 12),
  figure('screening.ahc.ms', median(runs.map((r) => r.ms)), 'ms', null),
]);
