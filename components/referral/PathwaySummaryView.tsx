import { useTranslation } from 'react-i18next';
import type { DurationStats, PathwaySummary } from '@/lib/referral/pathway';

/** Counts by need and by state, and time to acceptance / completion. Test id: pathway-summary. */
export function PathwaySummaryView({ summary }: { summary: PathwaySummary }) {
  const { t } = useTranslation('referral');
  const durations = (d: DurationStats) =>
    d.count && d.medianHours !== null && d.p90Hours !== null
      ? t('pathway.durations', { median: d.medianHours, p90: d.p90Hours, count: d.count })
      : t('pathway.noDurations');
  const table = (caption: string, rows: [string, number][]) => (
    <table>
      <caption>{caption}</caption>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <div className="pathway-summary" data-testid="pathway-summary" data-total={summary.total}>
      <p>{t('pathway.total', { count: summary.total })}</p>
      {table(
        t('pathway.byNeed'),
        Object.entries(summary.byNeed).map(([k, v]) => [t(`need.${k}`), v]),
      )}
      {table(
        t('pathway.byState'),
        Object.entries(summary.byState).map(([k, v]) => [t(`state.${k}`), v]),
      )}
      <dl>
        <dt>{t('pathway.toAcceptance')}</dt>
        <dd>{durations(summary.toAcceptance)}</dd>
        <dt>{t('pathway.toCompletion')}</dt>
        <dd>{durations(summary.toCompletion)}</dd>
      </dl>
    </div>
  );
}
