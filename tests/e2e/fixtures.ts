import { test as base, chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmrServer, type EmrServer, type FixtureRoute } from '../support/emr-server';
import { chromiumPath } from '../support/chromium';

// SOCIAL_RX_EXTENSION: run against a private copy of the build (several people testing one checkout at once).
export const EXTENSION_PATH =
  process.env.SOCIAL_RX_EXTENSION ?? fileURLToPath(new URL('../../.output/chrome-mv3', import.meta.url));

export function extensionArgs(extensionPath = EXTENSION_PATH): string[] {
  return [
    `--disable-extensions-except=${extensionPath}`, // overrides Playwright's default --disable-extensions
    `--load-extension=${extensionPath}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
}

export async function launchWithExtension(
  opts: { userDataDir?: string; lang?: string } = {},
): Promise<BrowserContext> {
  if (!existsSync(`${EXTENSION_PATH}/manifest.json`)) {
    throw new Error(`No built extension in ${EXTENSION_PATH}. Run \`npm run build:e2e\` first.`);
  }
  return chromium.launchPersistentContext(opts.userDataDir ?? '', {
    executablePath: chromiumPath(),
    headless: process.env.HEADED !== '1',
    args: [...extensionArgs(), ...(opts.lang ? [`--lang=${opts.lang}`] : [])],
    locale: opts.lang,
  });
}

import { EMR_FIXTURES } from '../../lib/emr/fixtures-index';

/** Every adapter fixture (and the frames it loads) served at the URL its EMR uses. */
export const fixtureRoutes: FixtureRoute[] = EMR_FIXTURES.flatMap((f) => [
  { urlPath: f.urlPath, file: f.file },
  ...Object.entries(f.frames ?? {}).map(([urlPath, file]) => ({ urlPath, file })),
]);

export const test = base.extend<
  { context: BrowserContext; serviceWorker: Worker; extensionId: string; userDataDir: string },
  { emr: EmrServer }
>({
  emr: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startEmrServer({ fixtures: fixtureRoutes });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern
  userDataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'social-rx-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  context: async ({ userDataDir }, use) => {
    const context = await launchWithExtension({ userDataDir });
    await use(context);
    await context.close();
  },
  serviceWorker: async ({ context }, use) => {
    const sw =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    await use(sw);
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
});
export const expect = test.expect;

/** The tab id of an EMR page, read from the extension's side (pages have no access to it). */
export async function tabIdOf(sw: Worker, page: Page): Promise<number> {
  const url = page.url();
  return sw.evaluate(async (u) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url === u);
    if (!tab?.id) throw new Error('tab not found');
    return tab.id;
  }, url);
}

/** Opens the side panel bound to `tabId` as a tab (sidepanel.html?tabId=N). */
export async function openPanel(context: BrowserContext, extensionId: string, tabId: number): Promise<Page> {
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tabId=${tabId}`);
  return panel;
}
