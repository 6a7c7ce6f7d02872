import { startNavigator } from '../../navigator/src/index';
import { expect, openPanel, tabIdOf, test } from './fixtures';

// Issue 5: the catalog syncs from a live HSDS API into the browser's IndexedDB, then search and needs-based
// suggestions keep working with the navigator stopped (offline), from a cold side panel.
test('catalog sync, then offline search and needs-based suggestions', async ({
  context,
  emr,
  serviceWorker,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const nav = await startNavigator({ port: 0, dataDir: 'memory', seedDemo: true, log: false });
  try {
    const token = await nav.createClinicToken('E2E Clinic');
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.locator('input[name="catalogHsdsBaseUrl"]').fill(nav.hsdsBaseUrl);
    await options.locator('input[name="catalogToken"]').fill(token);
    await options.getByTestId('save-settings').click();
    await expect(options.getByTestId('save-status')).toContainText('Saved');
    await options.evaluate(() =>
      chrome.runtime.sendMessage({ v: 1, type: 'catalog.sync', payload: { mode: 'full' } }),
    );

    const chart = await context.newPage();
    await chart.goto(`${emr.url}/demo-emr/chart.html`);
    const tabId = await tabIdOf(serviceWorker, chart);
    const panel = await openPanel(context, extensionId, tabId);
    await panel.getByTestId('nav-programs').click();
    await expect(panel.getByRole('searchbox')).toBeVisible();
    await expect(async () => {
      await panel.getByRole('searchbox').fill('food');
      await expect(panel.getByTestId('program-result').first()).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 90_000 });
  } finally {
    await nav.close();
  }

  // Navigator stopped: a cold panel restores the persisted index and answers from IndexedDB.
  const chart2 = await context.newPage();
  await chart2.goto(`${emr.url}/demo-emr/chart.html`);
  const panel2 = await openPanel(context, extensionId, await tabIdOf(serviceWorker, chart2));
  const pageErrors: string[] = [];
  panel2.on('pageerror', (e) => pageErrors.push(e.message));
  await panel2.getByTestId('nav-programs').click();
  await panel2.getByRole('searchbox').fill('fod bank'); // a typo
  await expect(panel2.getByTestId('program-result').first()).toBeVisible({ timeout: 15_000 });
  await panel2.getByRole('searchbox').fill('epicerie'); // French without accents
  await expect(panel2.getByTestId('program-result').first()).toBeVisible({ timeout: 15_000 });

  // A confirmed need (quick picker) drives suggestions, each saying why.
  await panel2.getByTestId('nav-quick').click();
  await panel2.locator('[data-testid="quick-need"][data-need="social-connection"]').click();
  await panel2.getByTestId('nav-programs').click();
  await panel2.getByRole('searchbox').fill('');
  const suggestion = panel2.locator('.suggestions [data-testid="program-result"]').first();
  await expect(suggestion).toBeVisible({ timeout: 15_000 });
  await expect(suggestion.getByTestId('program-why')).not.toBeEmpty();
  await expect(suggestion.getByTestId('program-freshness')).toBeVisible();
  expect(pageErrors).toEqual([]);
});
