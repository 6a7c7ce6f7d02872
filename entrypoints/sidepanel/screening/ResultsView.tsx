import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { PossibleNeeds } from '@/components/screening/PossibleNeeds';
import { TranslationNote } from '@/components/screening/TranslationNote';
import { INSTRUMENTS } from '@/lib/screening/instruments';
import { declinedCount, latestScreenings } from '@/lib/screening/flow';
import type { InstrumentId } from '@/lib/screening/types';
import type { SdohCategory, Visit } from '@/lib/visit/schema';
import { formatWhen } from './HomeView';
import { resultNeeds } from './state';

export interface ResultsViewProps {
  visit: Visit;
  lang: 'en' | 'fr';
  focusTick: number;
  onToggleNeed: (need: SdohCategory) => void;
  onMode: (mode: 'home' | 'what-matters') => void;
}

export function ResultsView({ visit, lang, focusTick, onToggleNeed, onMode }: ResultsViewProps) {
  const { t } = useTranslation('screening');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [focusTick]);
  const screenings = latestScreenings(visit);
  return (
    <section className="screen-results" data-testid="screen-results" aria-labelledby="screen-results-title">
      <h2 id="screen-results-title" ref={heading} tabIndex={-1}>
        {t('results.title')}
      </h2>
      {screenings.length === 0 && <p>{t('results.noScreens')}</p>}
      <ul className="result-list">
        {screenings.map((s) => {
          const inst = INSTRUMENTS[s.instrumentId as InstrumentId];
          if (!inst) return null;
          const missing = declinedCount(s);
          return (
            <li key={s.id} data-testid="screen-result" data-instrument={s.instrumentId}>
              <strong>{inst.title[lang]}</strong> —{' '}
              {t('results.completedAt', { date: formatWhen(s.completedAt, lang) })}
              <TranslationNote instrument={inst} lang={s.language} />
              <br />
              {missing > 0 ? t('results.incomplete', { n: missing }) : t('results.complete')}
              {inst.totals.map((d) =>
                s.result.totals[d.key] === undefined ? null : (
                  <span key={d.key} className="total" data-testid="screen-total" data-key={d.key}>
                    <br />
                    {t('results.total', {
                      label: t(`totals.${d.key}`),
                      value: s.result.totals[d.key],
                      min: d.min,
                      max: d.max,
                    })}
                  </span>
                ),
              )}
            </li>
          );
        })}
      </ul>
      <p>{t('results.intro')}</p>
      <PossibleNeeds entries={resultNeeds(visit)} confirmed={visit.confirmedNeeds} onToggle={onToggleNeed} />
      <p role="status">{t('results.confirmedCount', { n: visit.confirmedNeeds.length })}</p>
      <div className="nav-buttons">
        <button type="button" className="primary" onClick={() => onMode('what-matters')}>
          {t('results.whatMattersNext')}
        </button>
        <button type="button" onClick={() => onMode('home')}>
          {t('results.done')}
        </button>
      </div>
    </section>
  );
}
