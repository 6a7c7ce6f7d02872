// Content-script patient detection in real Chromium: the real adapter code (lib/emr/registry.ts) bundled into the
// demo chart page and a generated 5,000-row list page (~70k nodes), timed in the page. Also the gzipped size of the
// built content script.
import { chromium } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startEmrServer } from '../tests/support/emr-server';
import { chromiumPath } from '../tests/support/chromium';
import { bundleForPage } from './lib/bundle';
import { figure, median, recordFigures, type Figure } from './lib/results';

const RUNS = 40;

const emr = await startEmrServer();
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-gpu'],
});
const code = await bundleForPage('lib/emr/registry.ts', 'SocialRxEmr');
const figures: Figure[] = [];

async function timeDetection(
  path: string,
): Promise<{ median: number; nodes: number; longTasks: number; status: string }> {
  const page = await browser.newPage();
  await page.goto(`${emr.url}${path}`);
  await page.addScriptTag({ content: code });
  const r = await page.evaluate(async (runs) => {
    const api = (
      globalThis as unknown as Record<string, { detectPatient(u: URL, d: Document): { status: string } }>
    ).SocialRxEmr!;
    let longTasks = 0;
    new PerformanceObserver((l) => (longTasks += l.getEntries().length)).observe({ type: 'longtask' });
    // performance.now() is coarsened in ordinary pages (~0.1 ms), so time batches of detections and divide.
    const BATCH = 50;
    const times: number[] = [];
    let status = '';
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      for (let j = 0; j < BATCH; j++) status = api.detectPatient(new URL(location.href), document).status;
      times.push((performance.now() - t0) / BATCH);
      await new Promise((r) => setTimeout(r, 0));
    }
    await new Promise((r) => setTimeout(r, 50));
    times.sort((a, b) => a - b);
    return { times, nodes: document.getElementsByTagName('*').length, longTasks, status };
  }, RUNS);
  await page.close();
  return { median: median(r.times), nodes: r.nodes, longTasks: r.longTasks, status: r.status };
}

const chart = await timeDetection('/demo-emr/chart.html');
const list = await timeDetection('/demo-emr/list.html?rows=5000');
console.log(
  `chart: status=${chart.status}; list: ${list.nodes} nodes, status=${list.status}, long tasks=${list.longTasks}`,
);
figures.push(figure('content.detect.chart.ms', chart.median, 'ms', 2));
figures.push(figure('content.detect.list5000.ms', list.median, 'ms', 10));
if (list.longTasks > 0) figures[figures.length - 1]!.ok = false;

try {
  const built = await readFile(
    fileURLToPath(new URL('../.output/chrome-mv3/content-scripts/emr.js', import.meta.url)),
  );
  figures.push(figure('content.bundle.gz.bytes', gzipSync(built, { level: 9 }).length, 'bytes', 10240));
} catch {
  console.error('No built content script: run `npm run build:e2e` first (npm run bench does).');
}

await browser.close();
await emr.close();
await recordFigures(figures);
