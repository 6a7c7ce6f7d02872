import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { EMR_FIXTURES } from '../../lib/emr/fixtures-index';
import { expect, openPanel, tabIdOf, test } from './fixtures';

// Every adapter fixture, served at the URL its EMR uses, through the built extension in real Chromium.
for (const fx of EMR_FIXTURES) {
  const label = 'none' in fx.expected ? `no patient (${fx.expected.none})` : fx.expected.name;
  test(`${fx.adapter}: ${fx.file.split('/').pop()} → ${label}`, async ({
    context,
    emr,
    serviceWorker,
    extensionId,
  }) => {
    if (fx.configuredAdapter) {
      // The clinic-configured adapter: installed as the options page would (settings.configuredAdapters).
      const def: unknown = JSON.parse(
        await readFile(fileURLToPath(new URL(`../../${fx.configuredAdapter}`, import.meta.url)), 'utf8'),
      );
      await serviceWorker.evaluate(
        (d) => chrome.storage.local.set({ 'settings.configuredAdapters': [d] }),
        def,
      );
    }
    const page = await context.newPage();
    await page.goto(`${emr.url}${fx.urlPath}`);
    await expect(page.getByTestId('social-rx-launcher')).toBeVisible();
    const panel = await openPanel(context, extensionId, await tabIdOf(serviceWorker, page));
    if ('none' in fx.expected) {
      await expect(panel.getByTestId('no-patient')).toBeVisible();
      await expect(panel.getByTestId('patient-banner')).toHaveCount(0);
    } else {
      await expect(panel.getByTestId('patient-name')).toHaveText(fx.expected.name);
      await expect(panel.getByTestId('patient-birthdate')).toHaveText(fx.expected.birthDate);
      await expect(panel.getByTestId('patient-identifier')).toHaveText(fx.expected.identifiers);
    }
  });
}
