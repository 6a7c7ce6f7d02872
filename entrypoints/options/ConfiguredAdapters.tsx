import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { parseConfiguredAdapters } from '@/lib/emr/adapters/configured/schema';
import { saveSettings } from '@/lib/settings/store';

/** Clinic-configured adapters as a JSON list, validated before it is saved (errors name the definition and path). */
export function ConfiguredAdapters({ value, locked }: { value: unknown[]; locked: boolean }) {
  const { t } = useTranslation('emr');
  const qc = useQueryClient();
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [messages, setMessages] = useState<{ kind: 'ok' | 'error'; lines: string[] } | null>(null);

  const save = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text || '[]');
    } catch (e) {
      return setMessages({
        kind: 'error',
        lines: [t('configured.invalidJson', { message: (e as Error).message })],
      });
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    const { errors } = parseConfiguredAdapters(list);
    if (errors.length) {
      return setMessages({
        kind: 'error',
        lines: errors.map((e) => `${t('configured.invalid', { index: e.index + 1 })} ${e.message}`),
      });
    }
    await saveSettings({ configuredAdapters: list });
    await qc.invalidateQueries({ queryKey: ['settings'] });
    setMessages({ kind: 'ok', lines: [t('configured.valid')] });
  };

  return (
    <section aria-labelledby="configured-title" className="group">
      <h2 id="configured-title">{t('configured.title')}</h2>
      <p>{t('configured.help')}</p>
      <label htmlFor="configured-json">{t('configured.definitionLabel')}</label>
      <textarea
        id="configured-json"
        name="configuredAdapters"
        rows={10}
        spellCheck={false}
        value={text}
        disabled={locked}
        onChange={(e) => setText(e.target.value)}
      />
      {locked ? (
        <p>{t('configured.fromPolicy')}</p>
      ) : (
        <button type="button" onClick={() => void save()} data-testid="save-configured-adapters">
          {t('common:save')}
        </button>
      )}
      {messages && (
        <ul
          role={messages.kind === 'error' ? 'alert' : 'status'}
          className={messages.kind === 'error' ? 'error' : ''}
        >
          {messages.lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
