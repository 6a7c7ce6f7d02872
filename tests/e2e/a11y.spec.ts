import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openPanel, tabIdOf, test } from './fixtures';

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

test('side panel with a patient, without one, and the options page have no axe violations', async ({
  context,
  emr,
  serviceWorker,
  extensionId,
}) => {
  const chart = await context.newPage();
  await chart.goto(`${emr.url}/demo-emr/chart.html`);
  const panel = await openPanel(context, extensionId, await tabIdOf(serviceWorker, chart));
  await expect(panel.getByTestId('patient-banner')).toBeVisible();
  await expectNoAxeViolations(panel);

  const list = await context.newPage();
  await list.goto(`${emr.url}/demo-emr/schedule.html`);
  await expect(list.getByTestId('social-rx-launcher')).toBeVisible();
  const empty = await openPanel(context, extensionId, await tabIdOf(serviceWorker, list));
  await expect(empty.getByTestId('no-patient')).toBeVisible();
  await expectNoAxeViolations(empty);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByTestId('save-settings')).toBeVisible();
  await expectNoAxeViolations(options);
});

test('manual fallback: the clinician enters the minimum details by keyboard', async ({
  context,
  emr,
  serviceWorker,
  extensionId,
}) => {
  const list = await context.newPage();
  await list.goto(`${emr.url}/demo-emr/schedule.html`);
  await expect(list.getByTestId('social-rx-launcher')).toBeVisible();
  const panel = await openPanel(context, extensionId, await tabIdOf(serviceWorker, list));
  await panel.locator('input[name="manualName"]').fill('TESTMANUAL, RIVER');
  await panel.locator('input[name="manualBirthDate"]').fill('1970-01-31');
  await panel.locator('input[name="manualHealthNumber"]').fill('9876 543 210');
  await panel.locator('input[name="manualHealthNumber"]').press('Enter');
  await expect(panel.getByRole('alert')).toBeVisible(); // fails its check digit: refused, nothing kept
  await panel.locator('input[name="manualHealthNumber"]').fill('9876 543 217');
  await panel.locator('input[name="manualHealthNumber"]').press('Enter');
  await expect(panel.getByTestId('patient-name')).toHaveText('TESTMANUAL, RIVER');
  await expect(panel.getByTestId('patient-birthdate')).toHaveText('1970-01-31');
  await expect(panel.getByTestId('patient-identifier')).toHaveText(['9876543217']);
});
