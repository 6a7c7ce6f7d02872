import { Browser, type BrowserPage } from 'happy-dom';
import type { EmrFixture } from '../fixtures-index';
import { readRepoFile } from './load-fixture';

export const FIXTURE_ORIGIN = 'http://127.0.0.1:8080';

/**
 * Opens a fixture the way the e2e suite does (served at its URL, inline scripts run, iframes load from their fixture
 * files) but in happy-dom, so unit tests check the same final state as the Chromium run. Only our own fixture files
 * are ever evaluated; any other request gets a 404.
 */
export async function openFixture(
  fx: EmrFixture,
): Promise<{ page: BrowserPage; url: URL; doc: Document; close(): Promise<void> }> {
  const routes = new Map<string, string>([[fx.urlPath.split('#')[0]!, fx.file]]);
  for (const [path, file] of Object.entries(fx.frames ?? {})) routes.set(path, file);
  const browser = new Browser({
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      enableIframePageLoading: true,
      navigation: { disableChildPageNavigation: true },
      fetch: {
        interceptor: {
          beforeAsyncRequest: async ({ request, window }) => {
            const u = new URL(request.url);
            const file = u.origin === FIXTURE_ORIGIN ? routes.get(u.pathname + u.search) : undefined;
            return file
              ? new window.Response(readRepoFile(file), {
                  headers: { 'content-type': 'text/html; charset=utf-8' },
                })
              : new window.Response('not found', { status: 404 });
          },
        },
      },
    },
  });
  const page = browser.newPage();
  const url = new URL(fx.urlPath, FIXTURE_ORIGIN);
  await page.goto(url.href);
  await page.waitUntilComplete();
  return {
    page,
    url: new URL(page.mainFrame.url),
    doc: page.mainFrame.document as unknown as Document,
    close: () => browser.close(),
  };
}
