import { EMR_FIXTURES } from '../../lib/emr/fixtures-index';
import { expect, openPanel, tabIdOf, test } from './fixtures';

// "Insert into note" on the OSCAR encounter fixture: the note goes in at the cursor of the EMR's own note field and
// the EMR form is never submitted. Without a navigator the panel offers the 211 route with the same note.
test('chart note is inserted at the cursor of the OSCAR encounter note and the form is not saved', async ({
  context,
  emr,
  serviceWorker,
  extensionId,
}) => {
  const fx = EMR_FIXTURES.find((f) => f.adapter === 'oscar' && f.file.endsWith('encounter.html'))!;
  const page = await context.newPage();
  await page.goto(`${emr.url}${fx.urlPath}`);
  await page.evaluate(() => {
    // Any submit would navigate away and lose this marker.
    (window as unknown as { notSubmitted: boolean }).notSubmitted = true;
  });
  const note = page.locator('textarea[id^="caseNote_note"]').last();
  await note.fill('Existing note line.');
  const panel = await openPanel(context, extensionId, await tabIdOf(serviceWorker, page));
  await expect(panel.getByTestId('patient-banner')).toBeVisible();
  await panel.getByTestId('nav-quick').click();
  await panel.locator('[data-testid="quick-need"][data-need="food-insecurity"]').click();
  await panel.getByTestId('route-211').click();
  const chartNote = panel.getByTestId('chart-note');
  await expect(chartNote).toBeVisible();
  await panel.getByTestId('insert-note').click();
  await expect(panel.getByTestId('note-feedback')).toBeVisible();
  await expect(note).toHaveValue(/^Existing note line\.\n[\s\S]*211/);
  expect(await page.evaluate(() => (window as unknown as { notSubmitted?: boolean }).notSubmitted)).toBe(
    true,
  );
});
