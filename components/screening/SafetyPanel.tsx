import { useTranslation } from 'react-i18next';

/**
 * Shown the moment an answer raises a safety concern (screening-instruments.md §8). Link workers do not do crisis work:
 * this routes the clinician to the urgent pathway (911, 9-8-8) and the clinic's own protocol, never to a referral.
 * Both official names of 9-8-8 are shown whatever the UI language, since the patient's language may differ.
 */
export function SafetyPanel({ declinedSafetyItems = false }: { declinedSafetyItems?: boolean }) {
  const { t } = useTranslation('screening');
  return (
    <section
      className="safety-panel"
      data-testid="safety-panel"
      role="alert"
      aria-labelledby="safety-panel-title"
    >
      <h2 id="safety-panel-title">{t('safety.title')}</h2>
      <p>{t('safety.body')}</p>
      <ul>
        <li>
          {t('safety.emergency')} <a href="tel:911">{t('safety.call911')}</a>
        </li>
        <li>
          {t('safety.crisis')} <a href="tel:988">{t('safety.call988')}</a> ·{' '}
          <a href="sms:988">{t('safety.text988')}</a>
          <br />
          <span className="safety-names">{t('safety.crisisNames')}</span>
        </li>
      </ul>
      {declinedSafetyItems && <p>{t('safety.declinedNote')}</p>}
    </section>
  );
}
