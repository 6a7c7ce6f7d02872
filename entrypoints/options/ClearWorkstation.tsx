import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sendMessage } from '@/lib/platform/runtime-client';

/** "Clear this workstation": an explicit, confirmed user action (the only way unsent referrals leave the outbox). */
export function ClearWorkstation() {
  const { t } = useTranslation('privacy');
  const [confirmed, setConfirmed] = useState(false);
  const [status, setStatus] = useState<'idle' | 'done' | 'failed'>('idle');
  const clear = async () => {
    try {
      await sendMessage('workstation.clear', { confirm: true });
      setStatus('done');
      setConfirmed(false);
    } catch {
      setStatus('failed');
    }
  };
  return (
    <section aria-labelledby="clear-title" className="group">
      <h2 id="clear-title">{t('clearWorkstation.title')}</h2>
      <p>{t('clearWorkstation.description')}</p>
      <label>
        <input
          type="checkbox"
          checked={confirmed}
          onChange={(e) => setConfirmed(e.target.checked)}
          data-testid="clear-confirm"
        />{' '}
        {t('clearWorkstation.confirm')}
      </label>
      <button
        type="button"
        disabled={!confirmed}
        onClick={() => void clear()}
        data-testid="clear-workstation"
      >
        {t('clearWorkstation.button')}
      </button>
      <p aria-live="polite">
        {status === 'done' && t('clearWorkstation.done')}
        {status === 'failed' && <span className="error">{t('clearWorkstation.failed')}</span>}
      </p>
    </section>
  );
}
