import { describe, expect, it } from 'vitest';
import {
  checkSettingsUpdate,
  expandPolicyAdapters,
  mergeSettings,
  SETTING_KEYS,
} from '@/lib/settings/policy';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';

const NAV = 'https://navigator.example.org/fhir';

describe('mergeSettings: defaults ← stored ← policy', () => {
  it('no stored values and no policy gives the safe defaults, nothing locked, no errors', () => {
    expect(mergeSettings({}, {})).toEqual({
      settings: DEFAULT_SETTINGS,
      locked: [],
      policyErrors: [],
      storedErrors: [],
    });
    expect(mergeSettings(undefined, undefined).settings).toEqual(DEFAULT_SETTINGS);
  });

  it('stored values override defaults; policy overrides stored values and locks its keys', () => {
    const m = mergeSettings(
      { navigatorFhirBaseUrl: 'https://user.example/fhir', draftRetentionHours: 4, clinicName: 'Mine' },
      { navigatorFhirBaseUrl: NAV, receiptRetentionDays: 30 },
    );
    expect(m.settings.navigatorFhirBaseUrl).toBe(NAV);
    expect(m.settings.draftRetentionHours).toBe(4);
    expect(m.settings.receiptRetentionDays).toBe(30);
    expect(m.settings.clinicName).toBe('Mine');
    expect(m.locked).toEqual(['navigatorFhirBaseUrl', 'receiptRetentionDays']);
    expect(m.policyErrors).toEqual([]);
  });

  it('an invalid policy value is reported, locked, and the safe default applies (not the user value)', () => {
    const m = mergeSettings(
      { navigatorFhirBaseUrl: 'https://user.example/fhir', draftRetentionHours: 4 },
      { navigatorFhirBaseUrl: 'javascript:alert(1)', draftRetentionHours: 500, defaultLanguage: 'de' },
    );
    expect(m.settings.navigatorFhirBaseUrl).toBe('');
    expect(m.settings.draftRetentionHours).toBe(DEFAULT_SETTINGS.draftRetentionHours);
    expect(m.settings.defaultLanguage).toBe('auto');
    expect(m.locked).toEqual(['navigatorFhirBaseUrl', 'defaultLanguage', 'draftRetentionHours']);
    expect(m.policyErrors.map((e) => [e.key, e.code])).toEqual([
      ['navigatorFhirBaseUrl', 'invalid'],
      ['defaultLanguage', 'invalid'],
      ['draftRetentionHours', 'invalid'],
    ]);
    expect(m.policyErrors[0]!.message).toMatch(/http\(s\) URL/);
    // Messages name the rule, never the value (a token or URL must not be echoed into the UI or logs).
    expect(JSON.stringify(m.policyErrors)).not.toContain('javascript');
  });

  it('invalid stored values are dropped with an error; the rest survive', () => {
    const m = mergeSettings({ statusPollMinutes: 'often', clinicName: 'Kept', emrOrigins: [1] }, {});
    expect(m.settings.statusPollMinutes).toBe(DEFAULT_SETTINGS.statusPollMinutes);
    expect(m.settings.clinicName).toBe('Kept');
    // Reported in schema order.
    expect(m.storedErrors.map((e) => e.key)).toEqual(['emrOrigins', 'statusPollMinutes']);
    expect(m.storedErrors[0]!.message).toMatch(/^0: /);
  });

  it('unknown policy keys and non-object layers are reported, never merged', () => {
    const policy = JSON.parse('{"__proto__": {"polluted": true}, "navigatorUrl": "x", "constructor": 1}');
    const m = mergeSettings({}, policy);
    expect(m.settings).toEqual(DEFAULT_SETTINGS);
    expect(m.policyErrors.map((e) => [e.key, e.code])).toEqual([
      ['__proto__', 'unknown-setting'],
      ['navigatorUrl', 'unknown-setting'],
      ['constructor', 'unknown-setting'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(mergeSettings([], 'policy').policyErrors).toEqual([
      { key: '', message: 'policy is not an object', code: 'not-an-object' },
    ]);
    expect(mergeSettings('x', {}).storedErrors[0]!.code).toBe('not-an-object');
  });

  it('does not share arrays with DEFAULT_SETTINGS (callers may mutate their copy)', () => {
    const m = mergeSettings({}, {});
    m.settings.enabledInstruments.pop();
    expect(DEFAULT_SETTINGS.enabledInstruments).toHaveLength(6);
  });

  it('policy adapters given as JSON text are parsed; bad text is an invalid policy value', () => {
    const def = { id: 'clinic-emr', label: 'Clinic EMR' };
    const ok = mergeSettings({}, { configuredAdapters: [{ definition: JSON.stringify(def) }, { id: 'x' }] });
    expect(ok.settings.configuredAdapters).toEqual([def, { id: 'x' }]);
    const bad = mergeSettings({}, { configuredAdapters: [{ definition: '{nope' }] });
    expect(bad.settings.configuredAdapters).toEqual([]);
    expect(bad.policyErrors).toEqual([
      { key: 'configuredAdapters', message: '0.definition: not valid JSON', code: 'invalid' },
    ]);
    expect(expandPolicyAdapters([{ definition: 'x'.repeat(100_001) }])).toEqual({
      ok: false,
      message: '0.definition: too long',
    });
  });
});

describe('checkSettingsUpdate', () => {
  it('accepts valid unlocked keys', () => {
    expect(checkSettingsUpdate({ clinicName: 'A', draftRetentionHours: 2 }, [])).toEqual({
      ok: true,
      values: { clinicName: 'A', draftRetentionHours: 2 },
    });
  });

  it('refuses locked, unknown and invalid keys all at once', () => {
    const r = checkSettingsUpdate(
      { navigatorFhirBaseUrl: NAV, draftRetentionHours: 0, bogus: 1, clinicName: 'ok' },
      ['navigatorFhirBaseUrl'],
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.key, e.code])).toEqual([
      ['bogus', 'unknown-setting'],
      ['navigatorFhirBaseUrl', 'locked'],
      ['draftRetentionHours', 'invalid'],
    ]);
    expect(checkSettingsUpdate(null, []).ok).toBe(false);
  });

  it('knows every key of the schema', () => {
    expect(SETTING_KEYS).toContain('configuredAdapters');
    expect(SETTING_KEYS).toHaveLength(Object.keys(DEFAULT_SETTINGS).length);
  });
});
