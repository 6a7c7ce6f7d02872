import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SdohCategory, type Visit } from '@/lib/visit/schema';

/** Needs clinic staff can mark without a questionnaire. Safety is not one: it goes to the clinician, not a referral. */
export const QUICK_NEEDS: readonly SdohCategory[] = SdohCategory.options.filter(
  (n) => n !== 'interpersonal-safety',
);

export function QuickNeedsView({
  visit,
  focusTick,
  onToggleNeed,
  onDone,
}: {
  visit: Visit;
  focusTick: number;
  onToggleNeed: (need: SdohCategory) => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('screening');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [focusTick]);
  return (
    <section className="quick-needs" data-testid="quick-needs" aria-labelledby="quick-title">
      <h2 id="quick-title" ref={heading} tabIndex={-1}>
        {t('quick.title')}
      </h2>
      <p id="quick-intro">{t('quick.intro')}</p>
      <fieldset aria-describedby="quick-intro">
        <legend>{t('quick.legend')}</legend>
        {QUICK_NEEDS.map((need) => (
          <label key={need} className="need-confirm">
            <input
              type="checkbox"
              data-testid="confirm-need"
              data-domain={need}
              checked={visit.confirmedNeeds.includes(need)}
              onChange={() => onToggleNeed(need)}
            />
            <span>{t(`domain.${need}`)}</span>
          </label>
        ))}
      </fieldset>
      <p role="status">{t('results.confirmedCount', { n: visit.confirmedNeeds.length })}</p>
      <button type="button" className="primary" onClick={onDone}>
        {t('quick.done')}
      </button>
    </section>
  );
}
