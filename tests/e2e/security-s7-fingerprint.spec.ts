/**
 * S7 (reliability.md §3): a web page probing for the extension finds nothing it can load and nothing that identifies
 * it beyond what PRIVACY.md documents. The only documented trace is the launcher on an EMR origin the clinic granted:
 * a `<social-rx-launcher>` host with an open shadow root holding one button (no patient data). Everything else is
 * probed from the page the way a fingerprinting script would: fetch, <img>, <script>, <link rel=stylesheet> and
 * <iframe> on every file of the built extension (manifest.json, _locales, assets, chunks, pages), compared with the
 * same probes against an extension id that is not installed; `window.chrome.runtime` (externally_connectable closed);
 * window globals, postMessage traffic, resource timing, and the EMR page's DOM compared with the same page in a
 * browser without the extension.
 */
import { chromium, type Page, type Request } from '@playwright/test';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { chromiumPath } from '../support/chromium';
import { EXTENSION_PATH, expect, openPanel, tabIdOf, test } from './fixtures';

const FOREIGN_ORIGIN = 'https://shop.example';
/** A well-formed id (32 letters a–p) that no installed extension has: the baseline a probe cannot tell apart. */
const ABSENT_ID = 'aaaabbbbccccddddeeeeffffgggghhhh';

async function builtFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(relative(dir, join(e.parentPath, e.name)));
  }
  return out.sort();
}

/** Every way a page can try to load a URL; per URL, which of them succeeded. Runs in the page. */
function probeInPage(urls: string[]): Promise<Record<string, string[]>> {
  const loads = (make: (url: string) => HTMLElement, url: string) =>
    new Promise<boolean>((resolve) => {
      const el = make(url);
      const timer = setTimeout(() => resolve(false), 3000);
      el.addEventListener('load', () => (clearTimeout(timer), resolve(true)), { once: true });
      el.addEventListener('error', () => (clearTimeout(timer), resolve(false)), { once: true });
      document.head.append(el);
    });
  const one = async (url: string): Promise<[string, string[]]> => {
    const ok: string[] = [];
    try {
      const r = await fetch(url);
      ok.push(`fetch:${r.status}`);
    } catch {
      /* refused */
    }
    try {
      await fetch(url, { mode: 'no-cors' });
      ok.push('fetch-no-cors');
    } catch {
      /* refused */
    }
    const img = (u: string) => Object.assign(document.createElement('img'), { src: u });
    const script = (u: string) => Object.assign(document.createElement('script'), { src: u });
    const css = (u: string) => Object.assign(document.createElement('link'), { rel: 'stylesheet', href: u });
    if (await loads(img, url)) ok.push('img');
    if (await loads(script, url)) ok.push('script');
    if (await loads(css, url)) ok.push('link');
    return [url, ok];
  };
  return Promise.all(urls.map(one)).then((e) => Object.fromEntries(e));
}

/** Adds an iframe per URL (their outcome is read from the browser's side: a page cannot see into them). */
function framesInPage(urls: string[]): Promise<void> {
  return Promise.all(
    urls.map(
      (u) =>
        new Promise<void>((resolve) => {
          const f = Object.assign(document.createElement('iframe'), { src: u });
          const timer = setTimeout(resolve, 3000);
          f.addEventListener('load', () => (clearTimeout(timer), resolve()), { once: true });
          document.body.append(f);
        }),
    ),
  ).then(() => undefined);
}

/** What the page itself can see: globals, DOM (launcher removed), documentElement attributes, resource timing. */
async function pageView(page: Page) {
  return page.evaluate(() => {
    const clone = document.documentElement.cloneNode(true) as HTMLElement;
    const hosts = clone.querySelectorAll('social-rx-launcher');
    hosts.forEach((h) => h.remove());
    const w = window as unknown as { chrome?: { runtime?: unknown } };
    return {
      globals: Object.getOwnPropertyNames(window).sort(),
      dom: clone.outerHTML,
      launchers: hosts.length,
      rootAttributes: [...document.documentElement.attributes].map((a) => `${a.name}=${a.value}`),
      chromeRuntime: typeof w.chrome?.runtime,
      extensionResources: performance
        .getEntriesByType('resource')
        .map((r) => r.name)
        .filter((n) => !/^https?:/.test(n)),
    };
  });
}

const PAGE_HTML =
  '<!doctype html><html lang="en"><head><title>Shop</title></head><body><h1>Shop</h1></body></html>';

test('S7: a page probing for Social Rx loads no extension resource and sees only the documented launcher', async ({
  context,
  emr,
  serviceWorker,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const files = await builtFiles(EXTENSION_PATH);
  expect(files).toContain('manifest.json');
  expect(files.some((f) => f.startsWith('_locales/'))).toBe(true);
  expect(files.some((f) => f.startsWith('assets/') || f.startsWith('chunks/'))).toBe(true);
  const urlsFor = (id: string) => [
    `chrome-extension://${id}/`,
    ...files.map((f) => `chrome-extension://${id}/${f}`),
    `chrome-extension://${id}/manifest.json?dynamic=1`,
  ];
  const real = urlsFor(extensionId);
  const absent = urlsFor(ABSENT_ID);

  // Every request and response for an extension URL, with the page that asked.
  const seen: { url: string; page: Page | null; ok: boolean; status: number | null }[] = [];
  const pageOf = (r: Request) => {
    try {
      return r.frame().page();
    } catch {
      return null; // service-worker request
    }
  };
  context.on('requestfinished', (r) => {
    if (!r.url().startsWith('chrome-extension://')) return;
    void r
      .response()
      .then((res) => seen.push({ url: r.url(), page: pageOf(r), ok: true, status: res?.status() ?? null }));
  });
  context.on('requestfailed', (r) => {
    if (r.url().startsWith('chrome-extension://'))
      seen.push({ url: r.url(), page: pageOf(r), ok: false, status: null });
  });
  const messages: unknown[] = [];
  await context.exposeFunction('__s7message', (m: unknown) => void messages.push(m));
  await context.addInitScript(() =>
    window.addEventListener('message', (e) => {
      let data: string;
      try {
        data = String(JSON.stringify(e.data)).slice(0, 200);
      } catch {
        data = typeof e.data;
      }
      (window as unknown as { __s7message: (m: unknown) => void }).__s7message({
        at: location.href,
        origin: e.origin,
        data,
      });
    }),
  );
  await context.route(`${FOREIGN_ORIGIN}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: PAGE_HTML }),
  );

  // Positive control: the extension's own page loads its own files (so the recorder above can see a load).
  const own = await context.newPage();
  await own.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(own.locator('body')).not.toBeEmpty();
  expect(
    seen.some((s) => s.page === own && s.ok),
    'extension pages load their own resources',
  ).toBe(true);

  // 1. An ordinary web site, where the extension has no access.
  const shop = await context.newPage();
  await shop.goto(`${FOREIGN_ORIGIN}/`);
  const shopReal = await shop.evaluate(probeInPage, real);
  const shopAbsent = await shop.evaluate(probeInPage, absent);
  await shop.evaluate(framesInPage, real);

  // 2. The EMR page, where the content script runs (the panel seeing the patient proves it).
  const chart = await context.newPage();
  await chart.goto(`${emr.url}/demo-emr/chart.html`);
  const panel = await openPanel(context, extensionId, await tabIdOf(serviceWorker, chart));
  await expect(panel.getByTestId('patient-name')).toHaveText('TESTPATIENT, ALEX');
  await expect(chart.getByTestId('social-rx-launcher')).toBeVisible();
  const chartView = await pageView(chart);
  const launcher = await chart.evaluate(() => {
    const hosts = [...document.querySelectorAll('social-rx-launcher')];
    const root = hosts[0]?.shadowRoot;
    return {
      hosts: hosts.length,
      hostAttributes: hosts[0] ? [...hosts[0].attributes].map((a) => a.name) : [],
      children: root ? [...root.children].map((c) => c.tagName.toLowerCase()) : [],
      text: root?.textContent ?? '',
    };
  });
  const chartReal = await chart.evaluate(probeInPage, real);
  const chartAbsent = await chart.evaluate(probeInPage, absent);
  await chart.evaluate(framesInPage, real);

  // Nothing loads, from either page, by any means; and the answers are those for an id that is not installed.
  const loaded = (r: Record<string, string[]>) => Object.entries(r).filter(([, ok]) => ok.length);
  expect(loaded(shopReal), 'extension files loadable from a web site').toEqual([]);
  expect(loaded(chartReal), 'extension files loadable from the EMR page').toEqual([]);
  const shape = (r: Record<string, string[]>) => Object.values(r).map((ok) => ok.join(','));
  expect(shape(shopReal)).toEqual(shape(shopAbsent));
  expect(shape(chartReal)).toEqual(shape(chartAbsent));
  for (const page of [shop, chart]) {
    const fromPage = seen.filter((s) => s.page === page);
    expect(
      fromPage.filter((s) => s.ok && s.status !== null && s.status < 400),
      'a response reached the page',
    ).toEqual([]);
    for (const f of page.frames().slice(1)) {
      const text = await f.evaluate(() => document.documentElement.outerHTML).catch(() => '');
      expect(text, `iframe ${f.url()}`).not.toMatch(/manifest_version|__MSG_extName__|social-rx/i);
    }
  }
  expect(messages, 'postMessage traffic on the pages').toEqual([]);

  // No handle to message the extension from a page (externally_connectable is closed).
  const shopView = await pageView(shop);
  expect(shopView.chromeRuntime).toBe('undefined');
  expect(chartView.chromeRuntime).toBe('undefined');
  expect(shopView.extensionResources).toEqual([]);
  expect(chartView.extensionResources).toEqual([]);
  expect(shopView.launchers).toBe(0);

  // The documented launcher is the only trace on the EMR page: one host, a style and a button, no patient data.
  expect(launcher).toMatchObject({ hosts: 1, hostAttributes: [], children: ['style', 'button'] });
  expect(launcher.text).not.toMatch(/TESTPATIENT|ALEX|1956|9876543217/);

  // The same EMR page in a browser without the extension: same DOM (launcher aside), same globals, same root.
  const bare = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox'],
  });
  try {
    const plain = await (await bare.newContext()).newPage();
    await plain.goto(`${emr.url}/demo-emr/chart.html`);
    await plain.waitForLoadState('networkidle');
    const plainView = await pageView(plain);
    expect(chartView.launchers).toBe(1);
    expect(plainView.launchers).toBe(0);
    expect(chartView.dom).toBe(plainView.dom);
    expect(chartView.rootAttributes).toEqual(plainView.rootAttributes);
    // Playwright's exposeFunction binding exists only in the instrumented context.
    const ours = (g: string[]) =>
      g.filter((n) => !n.startsWith('__s7message') && !n.startsWith('__playwright'));
    expect(ours(chartView.globals)).toEqual(ours(plainView.globals));
  } finally {
    await bare.close();
  }
});
