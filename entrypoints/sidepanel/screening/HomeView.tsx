import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { INSTRUMENTS } from '@/lib/screening/instruments';
import { declinedCount, extrasOffered, queueFor } from '@/lib/screening/flow';
import type { InstrumentId } from '@/lib/screening/types';
import type { CompletedScreening } from '@/lib/visit/schema';

export interface HomeViewProps {
  lang: 'en' | 'fr';
  enabled: readonly InstrumentId[];
  extras: readonly InstrumentId[];
  hasDraft: boolean;
  olderAdult: boolean;
  earlier: readonly CompletedScreening[];
  focusTick: number;
  onStart: (path: 'full' | 'isolation') => void;
  onToggleExtra: (id: InstrumentId) => void;
  onMode: (mode: 'quick' | 'what-matters' | 'results' | 'questions') => void;
  onDiscard: () => void;
}

export function formatWhen(iso: string, lang: 'en' | 'fr'): string {
  return new Date(iso).toLocaleString(lang === 'fr' ? 'fr-CA' : 'en-CA', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** Path chooser. The full screen is focused first: Enter starts it (then one key per question). */
export function HomeView(p: HomeViewProps) {
  const { t } = useTranslation('screening');
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), [p.focusTick]);
  const offered = extrasOffered(p.enabled);
  const fullQueue = queueFor('full', p.enabled, p.extras);
  const isolationQueue = queueFor('isolation', p.enabled);
  const sorted = [...p.earlier].sort((a, b) => b.completedAt.localeCompare(a.completedAt));
  return (
    <section className="screen-home" data-testid="screen-home" aria-labelledby="screen-home-title">
      <h2 id="screen-home-title">{t('paths.label')}</h2>
      {p.hasDraft && (
        <p className="draft-actions">
          <button type="button" data-testid="screen-resume" onClick={() => p.onMode('questions')}>
            {t('resume')}
          </button>{' '}
          <button type="button" onClick={p.onDiscard}>
            {t('discard')}
          </button>
        </p>
      )}
      <div className="paths">
        <div className="path">
          <button
            type="button"
            ref={first}
            className="path-button"
            data-testid="screen-path-full"
            aria-describedby="path-full-hint"
            disabled={!fullQueue.length}
            onClick={() => p.onStart('full')}
          >
            {t('paths.full')}
          </button>
          <span id="path-full-hint" className="hint">
            {fullQueue.length ? t('paths.fullHint') : t('paths.noneEnabled')}
          </span>
          {offered.length > 0 && (
            <fieldset className="extras">
              <legend>{t('paths.extras')}</legend>
              {offered.map((id) => (
                <label key={id} data-testid="screen-extra" data-instrument={id}>
                  <input
                    type="checkbox"
                    checked={p.extras.includes(id)}
                    onChange={() => p.onToggleExtra(id)}
                  />
                  {INSTRUMENTS[id].shortTitle[p.lang]}
                </label>
              ))}
            </fieldset>
          )}
        </div>
        <div className="path">
          <button
            type="button"
            className="path-button"
            data-testid="screen-path-isolation"
            aria-describedby="path-isolation-hint"
            disabled={!isolationQueue.length}
            onClick={() => p.onStart('isolation')}
          >
            {t('paths.isolation')}
          </button>
          <span id="path-isolation-hint" className="hint">
            {isolationQueue.length ? t('paths.isolationHint') : t('paths.noneEnabled')}
            {p.olderAdult && isolationQueue.length > 0 && <strong> {t('paths.suggestedOlder')}</strong>}
          </span>
        </div>
        <div className="path">
          <button
            type="button"
            className="path-button"
            data-testid="screen-path-quick"
            aria-describedby="path-quick-hint"
            onClick={() => p.onMode('quick')}
          >
            {t('paths.quick')}
          </button>
          <span id="path-quick-hint" className="hint">
            {t('paths.quickHint')}
          </span>
        </div>
        <div className="path">
          <button
            type="button"
            className="path-button"
            data-testid="screen-path-what-matters"
            aria-describedby="path-wm-hint"
            onClick={() => p.onMode('what-matters')}
          >
            {t('paths.whatMatters')}
          </button>
          <span id="path-wm-hint" className="hint">
            {t('paths.whatMattersHint')}
          </span>
        </div>
        {p.earlier.length > 0 && (
          <div className="path">
            <button
              type="button"
              className="path-button"
              data-testid="screen-path-results"
              onClick={() => p.onMode('results')}
            >
              {t('paths.results')}
            </button>
          </div>
        )}
      </div>
      {sorted.length > 0 && (
        <section aria-labelledby="earlier-title" className="earlier">
          <h3 id="earlier-title">{t('earlier.title')}</h3>
          <ul>
            {sorted.map((s) => (
              <li key={s.id} data-testid="earlier-screening" data-instrument={s.instrumentId}>
                {t('earlier.item', {
                  instrument:
                    INSTRUMENTS[s.instrumentId as InstrumentId]?.shortTitle[p.lang] ?? s.instrumentId,
                  date: formatWhen(s.completedAt, p.lang),
                })}
                {': '}
                {s.result.positiveDomains.length
                  ? t('earlier.needs', {
                      needs: s.result.positiveDomains.map((d) => t(`domain.${d}`)).join(', '),
                    })
                  : t('earlier.noNeeds')}
                {declinedCount(s) > 0 && `, ${t('earlier.incomplete')}`}
                {s.result.safetyConcern && (
                  <strong>
                    {', '}
                    {t('earlier.safety')}
                  </strong>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
