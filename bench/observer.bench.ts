// Observer overhead while the EMR page mutates: the real watcher (lib/emr/watch.ts, all adapters) runs on the demo
// single-page chart while a page script mutates the DOM continuously (a clock, a list growing, the banner switching
// patient). Main-thread script time is read with the DevTools protocol (Performance.getMetrics ScriptDuration) for the
// same workload with and without the watcher, alternating runs in one browser; the figure is the median extra time
// as a percentage of the page's own script time.
import { chromium, type Page } from '@playwright/test';
import { startEmrServer } from '../tests/support/emr-server';
import { chromiumPath } from '../tests/support/chromium';
import { bundleForPage } from './lib/bundle';
import { figure, median, recordFigures } from './lib/results';

const RUNS = 7;
const WORKLOAD_MS = 3000;

const emr = await startEmrServer();
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-gpu'],
});
const watcher = await bundleForPage('lib/emr/watch.ts', 'SocialRxWatch');

type Cdp = Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>>;

async function scriptSeconds(cdp: Cdp): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ScriptDuration')?.value ?? NaN;
}

async function run(withWatcher: boolean): Promise<{ total: number; results: number }> {
  const page = await browser.newPage();
  await page.goto(`${emr.url}/demo-emr/spa.html`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  if (withWatcher) {
    await page.addScriptTag({ content: watcher });
    await page.evaluate(() => {
      const w = (globalThis as unknown as Record<string, { watchPatient: (...a: unknown[]) => void }>)
        .SocialRxWatch!;
      const g = globalThis as unknown as { __results: number; __ctl: AbortController };
      g.__results = 0;
      g.__ctl = new AbortController();
      w.watchPatient(window, () => g.__results++, { signal: g.__ctl.signal });
    });
  }
  const before = await scriptSeconds(cdp);
  await page.evaluate(async (ms) => {
    // A busy EMR page: a ticking clock, an activity table re-rendered 50 times a second (as framework-driven EMR
    // screens do), and a patient switch every 500 ms.
    const clock = document.createElement('div');
    const table = document.createElement('table');
    document.body.append(clock, table);
    const ids = ['1001', '1002', '1003'];
    const end = performance.now() + ms;
    let i = 0;
    while (performance.now() < end) {
      clock.textContent = new Date().toISOString();
      const rows: string[] = [];
      for (let r = 0; r < 60; r++)
        rows.push(`<tr><td>${i}</td><td>item ${r}</td><td>${(i * r) % 97}</td></tr>`);
      table.innerHTML = `<tbody>${rows.join('')}</tbody>`;
      if (i % 25 === 0) (document.getElementById(`switch-${ids[(i / 25) % 3]}`) as HTMLButtonElement).click();
      i++;
      await new Promise((r) => setTimeout(r, 20));
    }
  }, WORKLOAD_MS);
  await page.waitForTimeout(600); // let the debounced detections finish
  const after = await scriptSeconds(cdp);
  const results = withWatcher
    ? await page.evaluate(() => (globalThis as unknown as { __results: number }).__results)
    : 0;
  await page.close();
  return { total: after - before, results };
}

const base: number[] = [];
const watched: number[] = [];
let detections = 0;
for (let i = 0; i < RUNS; i++) {
  base.push((await run(false)).total);
  const w = await run(true);
  watched.push(w.total);
  detections = w.results;
}
await browser.close();
await emr.close();
const pageScript = median(base);
const overheadPct = (Math.max(0, median(watched) - pageScript) / pageScript) * 100;
console.log(
  `page script ${(pageScript * 1000).toFixed(1)} ms, with watcher ${(median(watched) * 1000).toFixed(1)} ms ` +
    `(median of ${RUNS}); patient changes reported in the last run: ${detections}`,
);
await recordFigures([figure('content.observer.overhead.pct', overheadPct, '%', 1)]);
