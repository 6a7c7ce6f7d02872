/**
 * Issue 8 end to end: a referral sent by the built extension reaches the live navigator; a link worker signs in to the
 * navigator's inbox (a normal page in the same Chromium), accepts it, then completes it with an outcome; the side
 * panel's Referrals section shows each new state and the timeline after a status poll. The inbox pages are checked
 * with axe (WCAG 2.2 AA tags) in English and French.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Task } from '@medplum/fhirtypes';
import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { translator } from '../../navigator/src/inbox/i18n';
import {
  clinicOptions,
  configureThroughOptions,
  expect,
  taskToken,
  test,
  type LiveNavigator,
} from '../support/navigator-fixture';
import { tabIdOf } from './fixtures';

async function expectNoAxeViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe violations on ${what}`,
  ).toEqual([]);
}

/** A referral UI string of the extension (English), from the shipped locale file. */
function referralString(key: string): string {
  const file = new URL('../../lib/i18n/locales/en/referral.json', import.meta.url);
  let node: unknown = JSON.parse(readFileSync(file, 'utf8'));
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'string') throw new Error(`no string referral:${key}`);
  return node;
}

async function signIn(inbox: Page, nav: LiveNavigator) {
  await inbox.getByTestId('login-username').fill(nav.worker.username);
  await inbox.getByTestId('login-password').fill(nav.worker.password);
  await inbox.getByTestId('login-submit').click();
  await expect(inbox.getByTestId('sign-out')).toBeVisible();
}

/**
 * Asks the extension for a status poll from the Referrals section ("Refresh" = status.poll with force) until the row
 * shows `state`. A forced poll is rate-limited to one per 30 s in the background, so this can take that long.
 */
async function refreshUntil(panel: Page, row: Locator, state: string) {
  await expect(async () => {
    if ((await row.getAttribute('data-state')) !== state) {
      const refresh = panel.getByTestId('referrals-refresh');
      await expect(refresh).toBeEnabled();
      await refresh.click();
    }
    await expect(row).toHaveAttribute('data-state', state, { timeout: 2_000 });
  }).toPass({ timeout: 60_000, intervals: [1_000, 2_000, 3_000] });
}

test('inbox: a link worker accepts and completes a referral; the side panel shows each state and the timeline', async ({
  context,
  emr,
  serviceWorker,
  extensionId,
  navigator: nav,
}) => {
  test.setTimeout(240_000);
  await configureThroughOptions(context, extensionId, clinicOptions(nav));

  // The clinic sends a referral (quick path).
  const chart = await context.newPage();
  await chart.goto(`${emr.url}/demo-emr/chart.html`);
  const panel = await context.newPage();
  await panel.goto(
    `chrome-extension://${extensionId}/sidepanel.html?tabId=${await tabIdOf(serviceWorker, chart)}`,
  );
  await expect(panel.getByTestId('patient-name')).toHaveText('TESTPATIENT, ALEX');
  await panel.getByTestId('nav-quick').click();
  const rx = panel.getByTestId('prescribe-screen');
  await rx.locator('[data-testid="quick-need"][data-need="food-insecurity"]').click();
  await rx.locator('input[name="contactPhone"]').fill('555-0100');
  await rx.getByTestId('consent-given').check();
  await rx.getByTestId('send-prescription').click();
  await expect(rx.getByTestId('prescription-status')).toHaveAttribute('data-state', 'sent', {
    timeout: 15_000,
  });
  expect(nav.referralPosts()).toHaveLength(1);
  const referralId = nav.referralPosts()[0]!.idempotencyKey!;

  // The link worker signs in: the inbox asks for a login first.
  const en = translator('en');
  const inbox = await context.newPage();
  await inbox.goto(`${nav.inboxUrl}?lang=en`);
  await expect(inbox.getByTestId('login-form')).toBeVisible();
  await expect(inbox.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoAxeViolations(inbox, 'inbox sign-in (en)');
  await signIn(inbox, nav);
  const row = inbox.locator(`[data-testid="inbox-referral"][data-referral-id="${referralId}"]`);
  await expect(row).toHaveAttribute('data-status', 'requested');
  await expectNoAxeViolations(inbox, 'inbox referral list (en)');

  await row.getByTestId('inbox-referral-open').click();
  await expect(inbox.getByTestId('referral-title')).toHaveText(
    en('referralTitle', { name: 'TESTPATIENT, ALEX' }),
  );
  await expect(inbox.getByTestId('patient-name')).toContainText('TESTPATIENT, ALEX');
  await expect(inbox.getByTestId('referral-needs')).toContainText('Food Insecurity');
  await expect(inbox.getByTestId('patient-contact')).toContainText('555-0100');
  await expect(inbox.getByTestId('consent-status')).toContainText('active');
  await expect(inbox.getByTestId('referral-status')).toHaveText(en('task_requested'));
  await expectNoAxeViolations(inbox, 'inbox referral detail (en)');
  const detailUrl = inbox.url();

  // Accept.
  await inbox.getByTestId('action-accept').click();
  await expect(inbox.getByTestId('flash')).toBeVisible();
  await expect(inbox.getByTestId('referral-status')).toHaveText(en('task_accepted'));
  await expectNoAxeViolations(inbox, 'inbox referral detail after accept, with the notice (en)');

  // The clinic sees "accepted" in the Referrals section after a status poll.
  await panel.bringToFront();
  await panel.getByTestId('nav-referrals').click();
  await expect(panel.getByTestId('referrals-screen')).toBeVisible();
  const mine = panel.locator(`[data-testid="referral-row"][data-id="${referralId}"]`);
  await expect(mine).toBeVisible();
  await refreshUntil(panel, mine, 'accepted');
  await expect(mine.getByTestId('timeline-entry')).toHaveCount(3);
  expect(
    await mine
      .getByTestId('timeline-entry')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))),
  ).toEqual(['queued', 'sent', 'accepted']);
  await expect(
    panel.locator('[data-testid="referral-group"][data-state="accepted"]').getByTestId('referral-row'),
  ).toHaveCount(1);

  // Complete with an outcome.
  const outcome = 'Joined the TEST community kitchen on Tuesdays';
  await inbox.bringToFront();
  await inbox.goto(detailUrl);
  await inbox.getByTestId('complete-outcome').fill(outcome);
  await inbox.getByTestId('action-complete').click();
  await expect(inbox.getByTestId('flash')).toBeVisible();
  await expect(inbox.getByTestId('referral-status')).toHaveText(en('task_completed'));
  await expect(inbox.getByTestId('no-actions')).toBeVisible();
  await expect(inbox.getByTestId('referral-history')).toContainText(en('task_accepted'));

  // The navigator's Task (what any client reads) carries the new state and the outcome.
  const found = await nav.fhir(`Task?identifier=${encodeURIComponent(taskToken(referralId))}`);
  const task = (found.body as { entry: { resource: Task }[] }).entry[0]!.resource;
  expect(task.status).toBe('completed');
  expect(JSON.stringify(task.output)).toContain(outcome);

  // The side panel shows "completed", the outcome, and the whole timeline.
  await panel.bringToFront();
  await refreshUntil(panel, mine, 'completed');
  const states = await mine
    .getByTestId('timeline-entry')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
  expect(states).toEqual(['queued', 'sent', 'accepted', 'completed']);
  const last = mine.locator('[data-testid="timeline-entry"][data-state="completed"]');
  await expect(last).toContainText(outcome);
  await expect(mine).toContainText(referralString('state.completed'));
  await expect(
    panel.locator('[data-testid="referral-group"][data-state="completed"]').getByTestId('referral-row'),
  ).toHaveCount(1);

  // French: the same pages, in French, with no axe violations.
  const fr = translator('fr');
  await inbox.bringToFront();
  await inbox.goto(`${nav.inboxUrl}?lang=fr`);
  await expect(inbox.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(inbox.locator('h1')).toHaveText(fr('referralsTitle'));
  await inbox.getByTestId('inbox-tab-completed').click();
  const doneRow = inbox.locator(`[data-testid="inbox-referral"][data-referral-id="${referralId}"]`);
  await expect(doneRow).toHaveAttribute('data-status', 'completed');
  await expect(doneRow.getByTestId('inbox-referral-status')).toContainText(fr('task_completed'));
  await expectNoAxeViolations(inbox, 'inbox referral list (fr)');
  await doneRow.getByTestId('inbox-referral-open').click();
  await expect(inbox.getByTestId('referral-title')).toHaveText(
    fr('referralTitle', { name: 'TESTPATIENT, ALEX' }),
  );
  await expect(inbox.getByTestId('referral-status')).toHaveText(fr('task_completed'));
  await expectNoAxeViolations(inbox, 'inbox referral detail (fr)');
  await inbox.getByTestId('sign-out').click();
  await expect(inbox.getByTestId('login-form')).toBeVisible();
  await expect(inbox.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(inbox.locator('h1')).toHaveText(fr('signInTitle'));
  await expectNoAxeViolations(inbox, 'inbox sign-in (fr)');
});
