import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The chart note with "Copy" and, when the EMR adapter knows the note field, "Insert into note" (at the cursor; the EMR
 * form is never saved by us). Test ids: chart-note, copy-note, insert-note, note-feedback.
 */
export function ChartNoteBox({
  text,
  copy,
  insertNote,
}: {
  text: string;
  copy: (text: string) => Promise<void>;
  insertNote?: (text: string) => Promise<boolean>;
}) {
  const { t } = useTranslation('referral');
  const id = useId();
  const [feedback, setFeedback] = useState<{ ok: boolean; message: string } | null>(null);
  const onCopy = async () => {
    try {
      await copy(text);
      setFeedback({ ok: true, message: t('note.copied') });
    } catch {
      setFeedback({ ok: false, message: t('note.copyFailed') });
    }
  };
  const onInsert = async () => {
    const ok = await insertNote!(text).catch(() => false);
    setFeedback({ ok, message: ok ? t('note.inserted') : t('note.insertFailed') });
  };
  return (
    <section className="chart-note" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('note.legend')}</h3>
      <textarea data-testid="chart-note" aria-labelledby={`${id}-h`} readOnly rows={10} value={text} />
      <div className="actions">
        <button type="button" data-testid="copy-note" onClick={() => void onCopy()}>
          {t('note.copy')}
        </button>
        {insertNote && (
          <button
            type="button"
            className="secondary"
            data-testid="insert-note"
            onClick={() => void onInsert()}
          >
            {t('note.insert')}
          </button>
        )}
      </div>
      <p role="status" data-testid="note-feedback" className={feedback && !feedback.ok ? 'error' : undefined}>
        {feedback?.message ?? ''}
      </p>
    </section>
  );
}
