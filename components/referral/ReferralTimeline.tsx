import { useTranslation } from 'react-i18next';
import type { TimelineView } from '@/lib/referral/view';

/** One referral's journey, oldest first. Test ids: timeline-entry (data-state). */
export function ReferralTimeline({
  entries,
  formatTime,
}: {
  entries: readonly TimelineView[];
  formatTime: (t: number) => string;
}) {
  const { t } = useTranslation('referral');
  return (
    <ol className="timeline" aria-label={t('referrals.timeline')}>
      {entries.map((e, i) => (
        <li key={`${e.at}-${i}`} data-testid="timeline-entry" data-state={e.state}>
          <time dateTime={new Date(e.at).toISOString()}>{formatTime(e.at)}</time>{' '}
          <strong>{t(`state.${e.state}`)}</strong>
          {e.raw && e.raw !== e.state && <span className="hint"> {t('referrals.raw', { raw: e.raw })}</span>}
          {e.reason && <p>{t('referrals.reason', { text: e.reason })}</p>}
          {e.businessStatus && <p>{t('referrals.businessStatus', { text: e.businessStatus })}</p>}
          {e.notes.length > 0 && <p>{t('referrals.notes', { text: e.notes.join(' · ') })}</p>}
          {e.outputs.length > 0 && <p>{t('referrals.outputs', { text: e.outputs.join(' · ') })}</p>}
        </li>
      ))}
    </ol>
  );
}
