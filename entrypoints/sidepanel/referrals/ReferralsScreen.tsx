/**
 * Referrals (issue 7): this workstation's referrals by state — needs attention first — each with its timeline, the
 * retry / discard actions for unsent ones, the queue's pause (sign in again) and hold (Retry-After), other users'
 * referrals as counts only, and the clinic data pathway with CSV export (EN/FR; names only on explicit request).
 * Opening the screen drains the outbox and polls the navigator (rate-limited in the background).
 *
 * Test ids and field names (stable for e2e):
 * - referrals-screen, referrals-empty, referral-group (data-state), referral-row (data-state, data-id),
 *   timeline-entry (data-state), referral-retry, referral-discard, referral-discard-confirm, referrals-refresh,
 *   queue-paused, queue-resume, queue-hold, referrals-others
 * - pathway: name="pathwayFrom" | "pathwayTo" (dates), name="pathwayIdentified" (checkbox), pathway-summary
 *   (data-total), export-csv, export-confirm, export-feedback
 */
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PathwaySummaryView } from '@/components/referral/PathwaySummaryView';
import { ReferralTimeline } from '@/components/referral/ReferralTimeline';
import type { MessageClient } from '@/lib/messaging/client';
import type { ReferralState } from '@/lib/referral/records';
import { STATE_ORDER, type ReferralView } from '@/lib/referral/view';
import type { Settings } from '@/lib/settings/schema';
import './referrals.css';

export interface ReferralsScreenProps {
  lang: 'en' | 'fr';
  settings: Settings;
  send: MessageClient;
}

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const dayStart = (d: string) => Date.parse(`${d}T00:00:00`);
const dayEnd = (d: string) => Date.parse(`${d}T23:59:59.999`);
const KNOWN_ISSUES = [
  'navigator-changed',
  'payload-unreadable',
  'payload-missing',
  'bundle-invalid',
  'http-400',
  'http-404',
  'http-412',
  'http-422',
];

function ReferralRow({ r, send, lang }: { r: ReferralView; send: MessageClient; lang: 'en' | 'fr' }) {
  const { t } = useTranslation('referral');
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const fmt = (ms: number) =>
    new Date(ms).toLocaleString(lang === 'fr' ? 'fr-CA' : 'en-CA', {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
  const action = useMutation({
    mutationFn: (a: 'retry' | 'discard') => send('referral.action', { action: a, referralId: r.id }),
    // A referral being sent at this moment may already be at the navigator: it cannot be discarded now.
    onSuccess: (res, a) => {
      setBusy(!res.ok && a === 'discard');
      if (!res.ok) setConfirming(false);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ['referral.list'] }),
  });
  const unsent = r.state === 'queued' || r.state === 'needs-attention';
  const code = r.outbox?.lastCode ?? '';
  const issue = code ? (KNOWN_ISSUES.includes(code) ? t(`issue.${code}`) : t('issue.generic', { code })) : '';
  return (
    <li className="referral" data-testid="referral-row" data-state={r.state} data-id={r.id}>
      <div className="referral-head">
        <strong>{r.patientName || '—'}</strong> · <span>{t(`state.${r.state}`)}</span>
        <div className="hint">
          {r.needs.map((n) => t(`need.${n}`)).join(', ')}
          {r.programs.length > 0 && ` · ${r.programs.map((p) => p.name).join('; ')}`}
          {r.letNavigatorChoose && ` · ${t('referrals.navigatorChooses')}`}
        </div>
        <div className="hint">{t('referrals.created', { date: fmt(r.createdAt) })}</div>
      </div>
      {r.unreadable && <p className="hint">{t('referrals.unreadable')}</p>}
      {r.state === 'needs-attention' && (
        <p className="error">
          {issue} {r.outbox?.reason}
        </p>
      )}
      {r.outbox && r.state === 'queued' && r.outbox.attempts > 0 && (
        <p className="hint">
          {t('referrals.attempts', { count: r.outbox.attempts, time: fmt(r.outbox.nextAttemptAt) })}{' '}
          {issue && `(${issue})`}
        </p>
      )}
      {r.outbox?.overdue && <p className="error">{t('referrals.overdue')}</p>}
      <ReferralTimeline entries={r.timeline} formatTime={fmt} />
      {busy && (
        <p role="status" className="hint">
          {t('referrals.discardBusy')}
        </p>
      )}
      {unsent && (
        <div className="actions">
          {r.state === 'needs-attention' && (
            <button
              type="button"
              data-testid="referral-retry"
              disabled={action.isPending}
              onClick={() => action.mutate('retry')}
            >
              {t('referrals.retry')}
            </button>
          )}
          {!confirming ? (
            <button
              type="button"
              className="secondary"
              data-testid="referral-discard"
              onClick={() => setConfirming(true)}
            >
              {t('referrals.discard')}
            </button>
          ) : (
            <span role="alert">
              {t('referrals.discardConfirm')}{' '}
              <button
                type="button"
                data-testid="referral-discard-confirm"
                onClick={() => action.mutate('discard')}
              >
                {t('referrals.discard')}
              </button>
            </span>
          )}
        </div>
      )}
    </li>
  );
}

function Pathway({ send, lang }: { send: MessageClient; lang: 'en' | 'fr' }) {
  const { t } = useTranslation('referral');
  const [from, setFrom] = useState(() => isoDay(Date.now() - 90 * DAY));
  const [to, setTo] = useState(() => isoDay(Date.now()));
  const [identified, setIdentified] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [feedback, setFeedback] = useState('');
  const period = { from: dayStart(from), to: dayEnd(to) };
  const valid = !Number.isNaN(period.from) && !Number.isNaN(period.to) && period.from <= period.to;
  const summary = useQuery({
    queryKey: ['referral.pathway', from, to, lang],
    queryFn: () => send('referral.pathway', { period, language: lang, identified: false }),
    enabled: valid,
  });
  const exportCsv = async () => {
    setConfirming(false);
    const r = await send('referral.pathway', { period, language: lang, identified });
    const url = URL.createObjectURL(new Blob([`\ufeff${r.csv}`], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${t('csv.filename')}-${from}-${to}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setFeedback(t('pathway.exported', { rows: Math.max(0, r.csv.trimEnd().split('\r\n').length - 1) }));
  };
  return (
    <section className="pathway" aria-labelledby="pathway-title">
      <h3 id="pathway-title">{t('pathway.title')}</h3>
      <div className="period">
        <label>
          {t('pathway.from')}
          <input type="date" name="pathwayFrom" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('pathway.to')}
          <input type="date" name="pathwayTo" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {!valid && <p className="error">{t('pathway.invalidPeriod')}</p>}
      {summary.data && <PathwaySummaryView summary={summary.data.summary} />}
      <label>
        <input
          type="checkbox"
          name="pathwayIdentified"
          checked={identified}
          onChange={(e) => setIdentified(e.target.checked)}
        />{' '}
        {t('pathway.identified')}
      </label>
      {confirming ? (
        <p role="alert">
          {t('pathway.identifiedConfirm')}{' '}
          <button type="button" data-testid="export-confirm" onClick={() => void exportCsv()}>
            {t('pathway.export')}
          </button>
        </p>
      ) : (
        <button
          type="button"
          data-testid="export-csv"
          disabled={!valid}
          onClick={() => (identified ? setConfirming(true) : void exportCsv())}
        >
          {t('pathway.export')}
        </button>
      )}
      <p role="status" data-testid="export-feedback">
        {feedback}
      </p>
    </section>
  );
}

export function ReferralsScreen({ lang, send }: ReferralsScreenProps) {
  const { t } = useTranslation('referral');
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['referral.list'],
    queryFn: () => send('referral.list', {}),
    // Faster while something is on its way, so "sent" shows soon after the 2xx.
    refetchInterval: (q) => (q.state.data?.queue.pending ? 1500 : 5000),
  });
  // Panel open: deliver what is queued and look for navigator updates (both rate-limited in the background).
  useEffect(() => {
    void send('outbox.drain', { reason: 'panel-open' })
      .catch(() => undefined)
      .finally(() => void qc.invalidateQueries({ queryKey: ['referral.list'] }));
  }, [send, qc]);
  const refresh = useMutation({
    mutationFn: () => send('status.poll', { force: true }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['referral.list'] }),
  });
  const resume = useMutation({
    mutationFn: () => send('referral.action', { action: 'resume-queue' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['referral.list'] }),
  });
  const data = list.data;
  const groups = new Map<ReferralState, ReferralView[]>();
  for (const r of data?.referrals ?? []) groups.set(r.state, [...(groups.get(r.state) ?? []), r]);
  const fmtTime = (ms: number) =>
    new Date(ms).toLocaleTimeString(lang === 'fr' ? 'fr-CA' : 'en-CA', { timeStyle: 'short' });
  return (
    <section className="referrals" data-testid="referrals-screen" aria-labelledby="referrals-title">
      <h2 id="referrals-title">{t('referrals.title')}</h2>
      {data?.queue.paused && (
        <div className="error" role="alert" data-testid="queue-paused">
          <p>{t('referrals.paused', { code: data.queue.paused.code })}</p>
          <button type="button" data-testid="queue-resume" onClick={() => resume.mutate()}>
            {t('referrals.resume')}
          </button>
        </div>
      )}
      {data && data.queue.holdUntil > 0 && (
        <p className="hint" data-testid="queue-hold">
          {t('referrals.hold', { time: fmtTime(data.queue.holdUntil) })}
        </p>
      )}
      {data && (
        <p className="hint">
          {t('referrals.pending', { count: data.queue.pending })} ·{' '}
          {t('referrals.needsAttentionCount', { count: data.queue.needsAttention })}
        </p>
      )}
      <button
        type="button"
        className="secondary"
        data-testid="referrals-refresh"
        disabled={refresh.isPending}
        onClick={() => refresh.mutate()}
      >
        {t('referrals.refresh')}
      </button>
      {data && data.referrals.length === 0 && <p data-testid="referrals-empty">{t('referrals.empty')}</p>}
      {STATE_ORDER.filter((s) => groups.has(s)).map((s) => (
        <section key={s} className="referral-group" data-testid="referral-group" data-state={s}>
          <h3>{t('referrals.group', { state: t(`state.${s}`), count: groups.get(s)!.length })}</h3>
          <ul className="plain">
            {groups.get(s)!.map((r) => (
              <ReferralRow key={r.id} r={r} send={send} lang={lang} />
            ))}
          </ul>
        </section>
      ))}
      {data && data.others.total > 0 && (
        <p className="hint" data-testid="referrals-others">
          {t('referrals.others', data.others)}
        </p>
      )}
      <Pathway send={send} lang={lang} />
    </section>
  );
}
