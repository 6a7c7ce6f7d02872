/**
 * S8 (reliability.md §3) in the browser: clinic policy missing, then invalid, then changed live, then removed — with
 * Chromium's real policy stack feeding `storage.managed`, no reinstall and no page reload.
 *
 * Chromium on Linux reads policy only from /etc/chromium/policies/managed/*.json (no command-line switch in release
 * builds), so this test needs a writable policy folder, i.e. root, as on this project's CI container. Elsewhere it is
 * skipped with that reason, and the same rules stay covered at unit level (tests/unit/security/settings-store.test.ts,
 * "watchSettings fires for live policy changes"; fuzz.test.ts "settings and enterprise policy (S8)"). The file it writes
 * holds only a `3rdparty` section for the id of the extension under test (an unpacked build's id comes from its path),
 * so other Chromium instances on the machine are not affected, and it is removed at the end.
 */
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { expect, test } from './fixtures';

const POLICY_DIR = '/etc/chromium/policies/managed';

function policyDirWritable(): boolean {
  try {
    let dir = POLICY_DIR;
    while (!existsSync(dir)) dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

test('S8: policy missing → user values; invalid → reported, default, locked; changed and removed live', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  test.skip(
    !policyDirWritable(),
    `needs a writable ${POLICY_DIR} (root): Chromium reads policy only from there`,
  );
  test.setTimeout(120_000);
  // Folders this test creates, deepest first, removed again at the end if empty (the machine is left as found).
  const created: string[] = [];
  for (let d = POLICY_DIR; d !== '/' && !existsSync(d); d = d.slice(0, d.lastIndexOf('/')) || '/')
    created.push(d);
  mkdirSync(POLICY_DIR, { recursive: true });
  const file = `${POLICY_DIR}/social-rx-e2e-${extensionId}-${process.pid}.json`;
  const writePolicy = (values: Record<string, unknown>) =>
    writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: values } } }));
  // Chromium's policy folder watcher settles for about 5 s before it reloads.
  const live = { timeout: 30_000, intervals: [500] };

  try {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    const clinic = options.locator('input[name="clinicName"]');
    const navigator = options.locator('input[name="navigatorFhirBaseUrl"]');
    const statusAlarm = () =>
      serviceWorker.evaluate(async () => (await chrome.alarms.get('status-poll'))?.periodInMinutes ?? null);

    // 1. No policy: the user's own values apply and nothing is locked or reported.
    expect(await serviceWorker.evaluate(() => chrome.storage.managed.get(null))).toEqual({});
    await expect(clinic).toBeEnabled();
    await clinic.fill('TEST User Clinic');
    await options.getByTestId('save-settings').click();
    await expect(options.getByTestId('save-status')).not.toBeEmpty();
    await expect(options.getByTestId('policy-errors')).toHaveCount(0);
    const defaultPoll = await statusAlarm();

    // 2. Policy arrives live: a valid value wins and locks; a value Chrome's schema lets through but the extension's
    //    stricter rules refuse (an ftp: navigator) is reported by key, its field locked at the safe default.
    writePolicy({
      clinicName: 'TEST Policy Clinic',
      navigatorFhirBaseUrl: 'ftp://navigator.example/fhir',
      statusPollMinutes: 7,
    });
    await expect(clinic).toHaveValue('TEST Policy Clinic', live);
    await expect(clinic).toBeDisabled();
    await expect(options.getByTestId('policy-errors')).toContainText('navigatorFhirBaseUrl');
    await expect(options.getByTestId('policy-errors')).not.toContainText('ftp://');
    await expect(navigator).toHaveValue('');
    await expect(navigator).toBeDisabled();
    // The background applied it too (its alarms follow the settings).
    await expect.poll(statusAlarm, live).toBe(7);

    // 3. Changed live: the bad value is fixed; another value changes.
    writePolicy({
      clinicName: 'TEST Policy Clinic 2',
      navigatorFhirBaseUrl: 'https://navigator.example/fhir',
    });
    await expect(clinic).toHaveValue('TEST Policy Clinic 2', live);
    await expect(navigator).toHaveValue('https://navigator.example/fhir');
    await expect(options.getByTestId('policy-errors')).toHaveCount(0);
    await expect.poll(statusAlarm, live).toBe(defaultPoll);

    // 4. Removed live: the user's own value is back and editable.
    rmSync(file, { force: true });
    await expect(clinic).toHaveValue('TEST User Clinic', live);
    await expect(clinic).toBeEnabled();
    await expect(navigator).toBeEnabled();
  } finally {
    rmSync(file, { force: true });
    for (const d of created) if (existsSync(d) && readdirSync(d).length === 0) rmdirSync(d);
  }
});
