import type { PatientContext } from '@/lib/patient/context';
import { useTranslation } from 'react-i18next';

/** Stable test contract: patient-banner > patient-name, patient-birthdate (ISO or empty), patient-identifier × n. */
export function PatientBanner({ patient }: { patient: PatientContext }) {
  const { t } = useTranslation('panel');
  return (
    <section className="banner" data-testid="patient-banner" aria-label={t('banner.label')}>
      <h1 className="banner-name" data-testid="patient-name">
        {patient.displayName}
      </h1>
      <dl className="banner-facts">
        <div>
          <dt>{t('banner.birthDate')}</dt>
          <dd data-testid="patient-birthdate">{patient.birthDate ?? ''}</dd>
        </div>
        {patient.sex && (
          <div>
            <dt>{t('banner.sex')}</dt>
            <dd>{t(`sex.${patient.sex}`)}</dd>
          </div>
        )}
        {patient.identifiers.map((id) => (
          <div key={`${id.system}|${id.value}`}>
            <dt>{t(`identifier.${id.kind}`)}</dt>
            <dd>
              <span data-testid="patient-identifier">{id.value}</span>
              {id.version && <span className="id-version"> {id.version}</span>}
              {!id.valid && (
                <span className="badge badge-warn" role="note">
                  {' '}
                  {t('banner.invalidNumber')}
                </span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <p className="banner-source">{t('banner.source', { source: patient.source })}</p>
    </section>
  );
}
