import { describe, expect, it } from 'vitest';
import { createI18n } from '@/lib/i18n';
import type { SettingsIssueCode } from '@/lib/settings/policy';

const CODES: SettingsIssueCode[] = ['invalid', 'unknown-setting', 'not-an-object', 'locked'];

describe('privacy strings', () => {
  it.each(['en', 'fr'] as const)('every settings issue code has a %s message that names the key', (lang) => {
    const t = createI18n(lang).t;
    for (const code of CODES) {
      const text = t(`privacy:settingsIssue.${code}`, { key: 'navigatorFhirBaseUrl', message: 'rule' });
      expect(text).not.toBe(`settingsIssue.${code}`);
      if (code !== 'not-an-object') expect(text).toContain('navigatorFhirBaseUrl');
    }
  });

  it.each(['en', 'fr'] as const)('%s counts render for 0, 1, 2 and a million', (lang) => {
    const t = createI18n(lang).t;
    for (const count of [0, 1, 2, 1_000_000]) {
      for (const key of ['privacy:otherUsersPending', 'privacy:clearWorkstation.warnUnsent']) {
        const text = t(key, { count });
        expect(text).toContain(String(count));
        expect(text).not.toMatch(/^(otherUsersPending|clearWorkstation)/);
      }
    }
  });
});
