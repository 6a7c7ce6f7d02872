import { expect, openPanel, tabIdOf, test } from './fixtures';

test('demo chart → banner with name, ISO birth date and identifiers', async ({
  context,
  emr,
  serviceWorker,
  extensionId,
}) => {
  const page = await context.newPage();
  await page.goto(`${emr.url}/demo-emr/chart.html`);
  const panel = await openPanel(context, extensionId, await tabIdOf(serviceWorker, page));
  const banner = panel.getByTestId('patient-banner');
  await expect(banner.getByTestId('patient-name')).toHaveText('TESTPATIENT, ALEX');
  await expect(banner.getByTestId('patient-birthdate')).toHaveText('1956-03-14');
  await expect(banner.getByTestId('patient-identifier')).toHaveText(['9876543217', '1001']);
  await expect(panel.getByTestId('no-patient')).toHaveCount(0);
  // The launcher is in a shadow root and the EMR page received no patient data from us.
  await expect(page.getByTestId('social-rx-launcher')).toBeVisible();
});

test('schedule page with several patients → no patient', async ({
  context,
  emr,
  serviceWorker,
  extensionId,
}) => {
  const page = await context.newPage();
  await page.goto(`${emr.url}/demo-emr/schedule.html`);
  await expect(page.getByTestId('social-rx-launcher')).toBeVisible();
  const panel = await openPanel(context, extensionId, await tabIdOf(serviceWorker, page));
  await expect(panel.getByTestId('no-patient')).toBeVisible();
  await expect(panel.getByTestId('patient-banner')).toHaveCount(0);
});

test('5,000-row list page → no patient', async ({ context, emr, serviceWorker, extensionId }) => {
  const page = await context.newPage();
  await page.goto(`${emr.url}/demo-emr/list.html?rows=5000`);
  await expect(page.getByTestId('social-rx-launcher')).toBeVisible();
  const panel = await openPanel(context, extensionId, await tabIdOf(serviceWorker, page));
  await expect(panel.getByTestId('no-patient')).toBeVisible();
});

test('in-place patient switch → the banner follows within 1 s; closing the chart → no patient', async ({
  context,
  emr,
  serviceWorker,
  extensionId,
}) => {
  const page = await context.newPage();
  await page.goto(`${emr.url}/demo-emr/spa.html`);
  const tabId = await tabIdOf(serviceWorker, page);
  const panel = await openPanel(context, extensionId, tabId);
  await expect(panel.getByTestId('patient-name')).toHaveText('TESTPATIENT, ALEX');

  await page.bringToFront();
  await page.click('#switch-1002');
  const switchedAt = Date.now();
  await expect(panel.getByTestId('patient-name')).toHaveText('EXEMPLE-FICTIF, CAMILLE', { timeout: 1000 });
  expect(Date.now() - switchedAt).toBeLessThan(1000);
  await expect(panel.getByTestId('patient-birthdate')).toHaveText('1948-11-02');
  await expect(panel.getByTestId('patient-identifier').first()).toHaveText('1234567897');

  await page.click('#switch-1003');
  await expect(panel.getByTestId('patient-name')).toHaveText('SAMPLEPERSON, JORDAN', { timeout: 1000 });

  await page.click('#close-chart');
  await expect(panel.getByTestId('no-patient')).toBeVisible({ timeout: 1000 });
  await expect(panel.getByTestId('patient-banner')).toHaveCount(0);
});

test('leaving the chart clears the patient for that tab', async ({
  context,
  emr,
  serviceWorker,
  extensionId,
}) => {
  const page = await context.newPage();
  await page.goto(`${emr.url}/demo-emr/chart.html`);
  const tabId = await tabIdOf(serviceWorker, page);
  const panel = await openPanel(context, extensionId, tabId);
  await expect(panel.getByTestId('patient-name')).toHaveText('TESTPATIENT, ALEX');
  await page.goto('about:blank');
  await expect(panel.getByTestId('no-patient')).toBeVisible();
});
