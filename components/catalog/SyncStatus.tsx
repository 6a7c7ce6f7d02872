import { useTranslation } from 'react-i18next';
import type { CatalogOverview } from '@/lib/catalog/status';
import type { Lang } from './format';

export interface SyncStatusProps {
  overview: CatalogOverview | null;
  lang: Lang;
  now: number;
  /** Present when the panel can ask the background to sync. */
  onSyncNow?: () => void;
  syncNote?: string | null;
}

function relative(iso: string, now: number, lang: Lang): string {
  const diff = Date.parse(iso) - now;
  const rtf = new Intl.RelativeTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { numeric: 'auto' });
  const min = Math.round(diff / 60_000);
  if (Math.abs(min) < 60) return rtf.format(min, 'minute');
  const h = Math.round(min / 60);
  if (Math.abs(h) < 48) return rtf.format(h, 'hour');
  return rtf.format(Math.round(h / 24), 'day');
}

/** Catalog state: a progress bar while syncing (data-testid="catalog-progress"), else size, age and last error. */
export function SyncStatus({ overview, lang, now, onSyncNow, syncNote }: SyncStatusProps) {
  const { t } = useTranslation('catalog');
  const progress = overview?.progress ?? null;
  const active = overview?.active ?? null;
  const status = overview?.status;
  return (
    <section className="catalog-status" aria-label={t('sync.label')}>
      {progress ? (
        <div className="catalog-progress">
          <label htmlFor="catalog-progress-bar">
            {t(`sync.phase.${progress.phase}`)} —{' '}
            {progress.total
              ? t('sync.progress', { done: progress.done, total: progress.total })
              : t('sync.progressUnknown', { done: progress.done })}
          </label>
          <progress
            id="catalog-progress-bar"
            data-testid="catalog-progress"
            max={progress.total ?? undefined}
            value={progress.total ? Math.min(progress.done, progress.total) : undefined}
          />
        </div>
      ) : active ? (
        <p className="catalog-summary">
          {t('sync.summary', { count: active.liveCount, when: relative(active.builtAt, now, lang) })}
        </p>
      ) : (
        <p className="catalog-summary">{overview ? t('sync.never') : t('sync.loading')}</p>
      )}
      {status?.lastError && (
        <p className="error" role="alert" data-testid="catalog-error" data-code={status.lastError.code}>
          {t('sync.lastError', { message: t(`error.${status.lastError.code}`) })}
        </p>
      )}
      {!!status?.quarantined && (
        <p className="hint">{t('sync.quarantined', { count: status.quarantined })}</p>
      )}
      {onSyncNow && !progress && (
        <button type="button" className="secondary" onClick={onSyncNow}>
          {t('sync.now')}
        </button>
      )}
      {syncNote && (
        <span role="status" className="hint">
          {' '}
          {syncNote}
        </span>
      )}
    </section>
  );
}
