import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function NoPatient({ reason, children }: { reason: string; children?: ReactNode }) {
  const { t } = useTranslation('panel');
  return (
    <section className="no-patient" data-testid="no-patient" data-reason={reason} aria-live="polite">
      <h1>{t('noPatient.title')}</h1>
      <p>{t(`noPatient.reason.${reason}`, { defaultValue: t('noPatient.reason.unknown') })}</p>
      {children}
    </section>
  );
}
