import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { sendMessage } from '@/lib/platform/runtime-client';
import { manualPatient } from '@/lib/patient/manual';

/** Fallback when no adapter matches: the clinician types the minimum details (name, birth date, health number). */
export function ManualPatientForm({ tabId, clearOnly = false }: { tabId: number; clearOnly?: boolean }) {
  const { t } = useTranslation('panel');
  const [error, setError] = useState<string | null>(null);
  if (clearOnly) {
    return (
      <button type="button" onClick={() => void sendMessage('patient.setManual', { tabId, patient: null })}>
        {t('manual.clear')}
      </button>
    );
  }
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const built = manualPatient({
      name: String(form.get('manualName') ?? ''),
      birthDate: String(form.get('manualBirthDate') ?? ''),
      healthNumber: String(form.get('manualHealthNumber') ?? ''),
    });
    if (!built.ok) return setError(t(`manual.${built.error}`));
    setError(null);
    void sendMessage('patient.setManual', { tabId, patient: built.patient });
  };
  return (
    <form className="manual" onSubmit={submit} noValidate>
      <p>{t('noPatient.manualIntro')}</p>
      <fieldset>
        <legend>{t('manual.legend')}</legend>
        <label>
          {t('manual.name')}
          <input name="manualName" autoComplete="off" maxLength={200} required />
        </label>
        <label>
          {t('manual.birthDate')}
          <input name="manualBirthDate" type="date" />
        </label>
        <label>
          {t('manual.healthNumber')}
          <input name="manualHealthNumber" inputMode="numeric" autoComplete="off" maxLength={20} />
        </label>
      </fieldset>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit">{t('manual.submit')}</button>
    </form>
  );
}
