import { useTranslation } from 'react-i18next';
import type { Instrument } from '@/lib/screening/types';

/** "Project translation, not validated" whenever an instrument is shown in French without an official version. */
export function TranslationNote({ instrument, lang }: { instrument: Instrument; lang: 'en' | 'fr' }) {
  const { t } = useTranslation('screening');
  if (lang !== 'fr' || instrument.translationStatus !== 'project') return null;
  return (
    <p className="translation-note" data-testid="translation-status">
      {t('projectTranslation')}
    </p>
  );
}
