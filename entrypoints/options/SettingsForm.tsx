import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { FIELD_GROUPS, type FieldSpec } from '@/lib/settings/fields';
import { formToSettings } from '@/lib/settings/form';
import type { SettingKey, Settings } from '@/lib/settings/schema';
import { saveSettings } from '@/lib/settings/store';

const INSTRUMENTS = [
  'ahc-hrsn-core',
  'ahc-supplemental',
  'hunger-vital-sign',
  'ucla-3',
  'lsns-6',
  'poverty',
] as const;

interface Props {
  settings: Settings;
  locked: SettingKey[];
  policyErrors: { key: string; message: string }[];
}

export function SettingsForm({ settings, locked, policyErrors }: Props) {
  const { t } = useTranslation('options');
  const qc = useQueryClient();
  const [status, setStatus] = useState<{ kind: 'saved' } | { kind: 'errors'; errors: string[] } | null>(null);

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = formToSettings(new FormData(e.currentTarget), locked);
    if (!parsed.ok) return setStatus({ kind: 'errors', errors: parsed.errors });
    try {
      await saveSettings(parsed.values);
      await qc.invalidateQueries({ queryKey: ['settings'] });
      setStatus({ kind: 'saved' });
    } catch (err) {
      setStatus({ kind: 'errors', errors: [err instanceof Error ? err.message : String(err)] });
    }
  };

  const field = ({ key, kind }: FieldSpec) => {
    const isLocked = locked.includes(key);
    const id = `f-${key}`;
    const value = settings[key];
    // The inputs are uncontrolled: a field the user already typed in keeps showing that text when a new value or a
    // lock arrives (a live policy change), so it is re-mounted whenever its effective value or lock changes.
    const version = `${JSON.stringify(value)}|${isLocked}`;
    const common = {
      id,
      name: key,
      disabled: isLocked,
      'aria-describedby': isLocked ? `${id}-lock` : undefined,
    };
    let input;
    if (kind === 'language') {
      input = (
        <select {...common} defaultValue={String(value)}>
          {(['auto', 'en', 'fr'] as const).map((l) => (
            <option key={l} value={l}>
              {t(`common:language.${l}`)}
            </option>
          ))}
        </select>
      );
    } else if (kind === 'lines') {
      input = <textarea {...common} rows={3} defaultValue={(value as string[]).join('\n')} />;
    } else if (kind === 'instruments') {
      return (
        <fieldset key={`${key}|${version}`}>
          <legend>{t(`field.${key}`)}</legend>
          {INSTRUMENTS.map((inst) => (
            <label key={inst}>
              <input
                type="checkbox"
                name={key}
                value={inst}
                disabled={isLocked}
                defaultChecked={(value as string[]).includes(inst)}
              />{' '}
              {t(`instrument.${inst}`)}
            </label>
          ))}
        </fieldset>
      );
    } else {
      const type =
        kind === 'secret' ? 'password' : kind === 'number' ? 'number' : kind === 'url' ? 'url' : 'text';
      input = (
        <input
          {...common}
          type={type}
          step={kind === 'number' ? 'any' : undefined}
          autoComplete="off"
          defaultValue={value === null ? '' : String(value)}
        />
      );
    }
    return (
      <div key={key} className="field">
        <label htmlFor={id}>{t(`field.${key}`)}</label>
        <Fragment key={version}>{input}</Fragment>
        {isLocked && (
          <p id={`${id}-lock`} className="lock-note">
            {t('lockedByPolicy')}
          </p>
        )}
      </div>
    );
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} aria-labelledby="options-title">
      <h1 id="options-title">{t('title')}</h1>
      {policyErrors.length > 0 && (
        <div role="alert" className="error" data-testid="policy-errors">
          <p>{t('policyErrors')}</p>
          <ul>
            {policyErrors.map((p) => (
              <li key={p.key}>
                <code>{p.key}</code>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {FIELD_GROUPS.map((g) => (
        <fieldset key={g.id} className="group">
          <legend>{t(`group.${g.id}`)}</legend>
          {g.fields.map(field)}
        </fieldset>
      ))}
      <button type="submit" data-testid="save-settings">
        {t('common:save')}
      </button>
      <div aria-live="polite" data-testid="save-status">
        {status?.kind === 'saved' && <p>{t('common:saved')}</p>}
        {status?.kind === 'errors' && (
          <ul className="error">
            {status.errors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
      </div>
    </form>
  );
}
