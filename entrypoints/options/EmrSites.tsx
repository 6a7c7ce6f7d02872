import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  grantedEmrOrigins,
  requestEmrOrigin,
  revokeEmrOrigin,
  toOrigin,
} from '@/lib/platform/emr-permissions';

/**
 * Per-origin EMR access: the clinician or IT grants each EMR origin from a clear screen (Chrome's own prompt), can
 * review and revoke grants; origins pre-listed by the clinic's policy are offered for one-click granting.
 */
export function EmrSites({ policyOrigins }: { policyOrigins: string[] }) {
  const { t } = useTranslation('options');
  const qc = useQueryClient();
  const granted = useQuery({ queryKey: ['emr-origins'], queryFn: grantedEmrOrigins });
  const [input, setInput] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['emr-origins'] });

  const grant = async (raw: string) => {
    const origin = toOrigin(raw);
    if (!origin) return setError(t('emr.invalidOrigin'));
    setError(null);
    const ok = await requestEmrOrigin(origin).catch(() => false);
    if (!ok) setError(t('emr.notGranted', { origin }));
    else setInput('');
    await refresh();
  };
  const pending = policyOrigins.map(toOrigin).filter((o): o is string => !!o && !granted.data?.includes(o));

  return (
    <section aria-labelledby="emr-sites-title" className="group">
      <h2 id="emr-sites-title">{t('emr.title')}</h2>
      <p>{t('emr.intro')}</p>
      <ul data-testid="emr-granted">
        {(granted.data ?? []).map((o) => (
          <li key={o}>
            <code>{o}</code>{' '}
            <button
              type="button"
              className="secondary"
              onClick={() => void revokeEmrOrigin(o).then(refresh)}
              aria-label={t('emr.revokeLabel', { origin: o })}
            >
              {t('emr.revoke')}
            </button>
          </li>
        ))}
        {granted.data?.length === 0 && <li>{t('emr.none')}</li>}
      </ul>
      {pending.map((o) => (
        <p key={o}>
          {t('emr.fromPolicy', { origin: o })}{' '}
          <button type="button" onClick={() => void grant(o)}>
            {t('emr.grant')}
          </button>
        </p>
      ))}
      <label htmlFor="emr-origin-input">{t('emr.addLabel')}</label>
      <input
        id="emr-origin-input"
        value={input}
        onChange={(e) => setInput(e.target.value)}
        placeholder="https://emr.clinic.example"
        autoComplete="off"
      />
      <button type="button" onClick={() => void grant(input)}>
        {t('emr.grant')}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
