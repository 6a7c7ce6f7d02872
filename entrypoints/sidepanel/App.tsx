import { useEffect } from 'react';
import { I18nextProvider } from 'react-i18next';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { Shell } from './shell/Shell';
import { useI18nFor } from './shell/useLanguage';
import { useSettings } from './shell/useSettings';

export function App() {
  const settings = useSettings();
  const current = settings.data?.settings ?? DEFAULT_SETTINGS;
  const { lang, i18n } = useI18nFor(current.defaultLanguage);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  if (settings.isPending) return null;
  return (
    <I18nextProvider i18n={i18n}>
      <Shell lang={lang} settings={current} />
    </I18nextProvider>
  );
}
