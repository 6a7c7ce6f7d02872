import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export const REPORT_KINDS = ['closed', 'wrong-contact', 'wrong-hours', 'wrong-eligibility', 'other'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** "Report a problem with this listing": a small inline form; the caller queues the report. */
export function ReportProblem({
  onReport,
}: {
  onReport: (kind: ReportKind, comment: string) => Promise<void>;
}) {
  const { t } = useTranslation('catalog');
  const id = useId();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<ReportKind>('closed');
  const [comment, setComment] = useState('');
  const [state, setState] = useState<{ s: 'idle' | 'sending' | 'sent' } | { s: 'failed'; code: string }>({
    s: 'idle',
  });
  if (state.s === 'sent') {
    return (
      <p role="status" className="report-sent">
        {t('report.sent')}
      </p>
    );
  }
  if (!open) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        {t('report.open')}
      </button>
    );
  }
  return (
    <form
      className="report-form"
      onSubmit={(e) => {
        e.preventDefault();
        setState({ s: 'sending' });
        onReport(kind, comment.trim()).then(
          () => setState({ s: 'sent' }),
          (err: unknown) =>
            setState({ s: 'failed', code: err instanceof Error ? err.message.slice(0, 60) : 'unknown' }),
        );
      }}
    >
      <fieldset>
        <legend>{t('report.legend')}</legend>
        {REPORT_KINDS.map((k) => (
          <label key={k}>
            <input
              type="radio"
              name={`${id}-kind`}
              value={k}
              checked={kind === k}
              onChange={() => setKind(k)}
            />{' '}
            {t(`report.kind.${k}`)}
          </label>
        ))}
        <label htmlFor={`${id}-comment`}>{t('report.comment')}</label>
        <textarea
          id={`${id}-comment`}
          maxLength={1000}
          rows={2}
          value={comment}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setComment(e.target.value)}
        />
        <p id={`${id}-hint`} className="hint">
          {t('report.commentHint')}
        </p>
        {state.s === 'failed' && (
          <p role="alert" className="error">
            {t('report.failed', { code: state.code })}
          </p>
        )}
        <button type="submit" disabled={state.s === 'sending'}>
          {t('report.send')}
        </button>{' '}
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('report.cancel')}
        </button>
      </fieldset>
    </form>
  );
}
