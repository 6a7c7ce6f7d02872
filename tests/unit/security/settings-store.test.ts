import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setLogSink } from '@/lib/platform/log';
import {
  STORED_PREFIX,
  SettingsUpdateError,
  loadSettings,
  resetSettings,
  saveSettings,
  watchSettings,
} from '@/lib/settings/store';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';

const NAV = 'https://navigator.example.org/fhir';
const logged: string[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  logged.length = 0;
  setLogSink((_level, code, facts) => logged.push(`${code} ${JSON.stringify(facts)}`));
});

describe('S8: settings store — managed policy missing, invalid, changed live (unit)', () => {
  it('with no policy and nothing stored, loads the safe defaults', async () => {
    expect(await loadSettings()).toEqual({
      settings: DEFAULT_SETTINGS,
      locked: [],
      policyErrors: [],
      storedErrors: [],
    });
  });

  it('saves user values per key and loads them back', async () => {
    await saveSettings({ navigatorFhirBaseUrl: NAV, draftRetentionHours: 2 });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({
      [`${STORED_PREFIX}navigatorFhirBaseUrl`]: NAV,
      [`${STORED_PREFIX}draftRetentionHours`]: 2,
    });
    const { settings } = await loadSettings();
    expect(settings.navigatorFhirBaseUrl).toBe(NAV);
    expect(settings.draftRetentionHours).toBe(2);
    await resetSettings(['draftRetentionHours']);
    expect((await loadSettings()).settings.draftRetentionHours).toBe(DEFAULT_SETTINGS.draftRetentionHours);
  });

  it('refuses invalid values and writes nothing', async () => {
    await expect(saveSettings({ clinicName: 'A', draftRetentionHours: 1000 })).rejects.toThrow(
      /draftRetentionHours: /,
    );
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('policy overrides and locks; saving a locked key is refused', async () => {
    await saveSettings({ navigatorFhirBaseUrl: 'https://mine.example/fhir' });
    await fakeBrowser.storage.managed.set({
      navigatorFhirBaseUrl: NAV,
      emrOrigins: ['https://emr.clinic.example'],
    });
    const loaded = await loadSettings();
    expect(loaded.settings.navigatorFhirBaseUrl).toBe(NAV);
    expect(loaded.settings.emrOrigins).toEqual(['https://emr.clinic.example']);
    expect(loaded.locked).toEqual(['navigatorFhirBaseUrl', 'emrOrigins']);
    const err = await saveSettings({ navigatorFhirBaseUrl: 'https://other.example/fhir' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SettingsUpdateError);
    expect((err as SettingsUpdateError).issues[0]).toMatchObject({
      key: 'navigatorFhirBaseUrl',
      code: 'locked',
    });
  });

  it('an invalid policy value is reported (and logged without its value); the default applies', async () => {
    await fakeBrowser.storage.managed.set({
      navigatorToken: 'secret-token'.repeat(500),
      statusPollMinutes: 5,
    });
    const loaded = await loadSettings();
    expect(loaded.settings.navigatorToken).toBe('');
    expect(loaded.settings.statusPollMinutes).toBe(5);
    expect(loaded.policyErrors).toEqual([
      { key: 'navigatorToken', message: expect.stringMatching(/4000/), code: 'invalid' },
    ]);
    expect(logged).toEqual(['settings.policy-invalid {"key":"navigatorToken","code":"invalid"}']);
  });

  it('treats a browser without managed storage (Firefox without a manifest) as no policy', async () => {
    const spy = vi
      .spyOn(fakeBrowser.storage.managed, 'get')
      .mockRejectedValue(new Error('Managed storage manifest not found'));
    expect((await loadSettings()).locked).toEqual([]);
    await expect(saveSettings({ clinicName: 'B' })).resolves.toBeUndefined();
    spy.mockRestore();
  });

  it('ignores stored items that are not settings, including __proto__', async () => {
    await fakeBrowser.storage.local.set(
      JSON.parse(`{"${STORED_PREFIX}__proto__": {"x": 1}, "${STORED_PREFIX}nope": 1, "other": 2}`),
    );
    const loaded = await loadSettings();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.storedErrors).toEqual([]);
  });

  it('watchSettings fires for live policy changes and setting saves, not for unrelated keys; unsubscribes', async () => {
    const cb = vi.fn();
    const stop = watchSettings(cb);
    await fakeBrowser.storage.managed.set({ draftRetentionHours: 1 });
    expect(cb).toHaveBeenCalledTimes(1);
    expect((await loadSettings()).settings.draftRetentionHours).toBe(1);
    await saveSettings({ clinicName: 'C' });
    expect(cb).toHaveBeenCalledTimes(2);
    await fakeBrowser.storage.local.set({ unrelated: 1 });
    await fakeBrowser.storage.session.set({ [`${STORED_PREFIX}clinicName`]: 'x' });
    expect(cb).toHaveBeenCalledTimes(2);
    stop();
    await fakeBrowser.storage.managed.set({ draftRetentionHours: 2 });
    expect(cb).toHaveBeenCalledTimes(2);
  });
});
