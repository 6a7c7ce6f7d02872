import { useEffect } from 'react';
import { I18nextProvider } from 'react-i18next';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { useI18nFor } from '../sidepanel/shell/useLanguage';
import { useSettings } from '../sidepanel/shell/useSettings';
import { CatalogAdmin } from './CatalogAdmin';
import { ClearWorkstation } from './ClearWorkstation';
import { ConfiguredAdapters } from './ConfiguredAdapters';
import { EmrSites } from './EmrSites';
import { SettingsForm } from './SettingsForm';

export function OptionsApp() {
  const settings = useSettings();
  const { lang, i18n } = useI18nFor(
    settings.data?.settings.defaultLanguage ?? DEFAULT_SETTINGS.defaultLanguage,
  );
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  if (!settings.data) return null;
  return (
    <I18nextProvider i18n={i18n}>
      <main className="panel options">
        <SettingsForm
          settings={settings.data.settings}
          locked={settings.data.locked}
          policyErrors={settings.data.policyErrors}
        />
        <CatalogAdmin lang={lang} />
        <EmrSites policyOrigins={settings.data.settings.emrOrigins} />
        <ConfiguredAdapters
          value={settings.data.settings.configuredAdapters}
          locked={settings.data.locked.includes('configuredAdapters')}
        />
        <ClearWorkstation />
      </main>
    </I18nextProvider>
  );
}
