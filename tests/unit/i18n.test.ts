import { describe, expect, it } from 'vitest';
import { createI18n, localeResources, resolveLanguage } from '@/lib/i18n';
import { LAUNCHER_LABELS } from '@/lib/i18n/launcher';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('i18n', () => {
  const res = localeResources();

  it('English and French have the same namespaces and the same keys, none empty', () => {
    expect(Object.keys(res.fr).sort()).toEqual(Object.keys(res.en).sort());
    for (const ns of Object.keys(res.en)) {
      expect(keys(res.fr[ns]).sort(), `namespace ${ns}`).toEqual(keys(res.en[ns]).sort());
      for (const lang of ['en', 'fr'] as const) {
        const flat = keys(res[lang][ns]).map((k) =>
          k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], res[lang][ns]),
        );
        expect(
          flat.every((v) => typeof v === 'string' && v.trim().length > 0),
          `${lang}/${ns}`,
        ).toBe(true);
      }
    }
    expect(Object.keys(LAUNCHER_LABELS.fr)).toEqual(Object.keys(LAUNCHER_LABELS.en));
  });

  it('follows the browser unless overridden', () => {
    expect(resolveLanguage('auto', ['fr-CA', 'en'])).toBe('fr');
    expect(resolveLanguage('auto', ['de-DE', 'en-CA'])).toBe('en');
    expect(resolveLanguage('auto', ['de'])).toBe('en');
    expect(resolveLanguage('en', ['fr-CA'])).toBe('en');
    expect(resolveLanguage('fr', ['en-US'])).toBe('fr');
  });

  it('translates through one mechanism', () => {
    expect(createI18n('fr').t('panel:noPatient.title')).toBe('Aucun patient en contexte');
    expect(createI18n('en').t('panel:noPatient.title')).toBe('No patient in context');
  });
});
