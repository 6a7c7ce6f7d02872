import { expect, openPanel, tabIdOf, test } from './fixtures';

test('the side panel is shown in French when the user asks for it', async ({
  context,
  emr,
  serviceWorker,
  extensionId,
}) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.locator('select[name="defaultLanguage"]').selectOption('fr');
  await options.getByTestId('save-settings').click();
  await expect(options.getByTestId('save-status')).toContainText('Enregistré');

  const page = await context.newPage();
  await page.goto(`${emr.url}/demo-emr/schedule.html`);
  await expect(page.getByTestId('social-rx-launcher')).toBeVisible();
  const panel = await openPanel(context, extensionId, await tabIdOf(serviceWorker, page));
  await expect(panel.getByTestId('no-patient')).toContainText('Aucun patient en contexte');
  await expect(panel.locator('html')).toHaveAttribute('lang', 'fr');
});
