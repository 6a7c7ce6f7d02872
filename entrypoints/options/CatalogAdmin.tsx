import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { SyncStatus } from '@/components/catalog/SyncStatus';
import { importHsdsFile } from '@/lib/catalog/import';
import { listQuarantine, readCatalogOverview } from '@/lib/catalog/status';
import type { Language } from '@/lib/i18n';
import { sendMessage } from '@/lib/platform/runtime-client';

/**
 * The catalog for a clinic's IT person: sync state with progress, "sync now", an HSDS JSON file import for clinics
 * without an API, and the quarantined records with their reasons.
 */
export function CatalogAdmin({ lang }: { lang: Language }) {
  const { t } = useTranslation('options');
  const qc = useQueryClient();
  const overview = useQuery({
    queryKey: ['catalog-overview'],
    queryFn: () => readCatalogOverview(),
    refetchInterval: (q) => (q.state.data?.progress ? 1000 : 10_000),
  });
  const quarantine = useQuery({ queryKey: ['catalog-quarantine'], queryFn: () => listQuarantine(200) });
  const [importing, setImporting] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setImporting(true);
    setResult(null);
    const outcome = await importHsdsFile(await file.text(), { fileName: file.name }).catch(
      (err: unknown) => ({
        status: 'error' as const,
        code: 'import-failed',
        detail: err instanceof Error ? err.name : 'unknown',
      }),
    );
    setImporting(false);
    setResult(
      outcome.status === 'ok'
        ? { ok: true, text: t('catalog.imported', { file: file.name }) }
        : { ok: false, text: t('catalog.importFailed', { code: outcome.code, detail: outcome.detail }) },
    );
    e.target.value = '';
    await qc.invalidateQueries({ queryKey: ['catalog-overview'] });
    await qc.invalidateQueries({ queryKey: ['catalog-quarantine'] });
  };

  const entries = quarantine.data ?? [];
  return (
    <section aria-labelledby="catalog-admin-title" className="group" data-testid="catalog-admin">
      <h2 id="catalog-admin-title">{t('catalog.title')}</h2>
      <SyncStatus
        overview={overview.data ?? null}
        lang={lang}
        now={overview.dataUpdatedAt || 0}
        onSyncNow={() => void sendMessage('catalog.sync', { mode: 'auto' }).catch(() => undefined)}
      />
      <label htmlFor="catalog-file">{t('catalog.importLabel')}</label>
      <input
        id="catalog-file"
        type="file"
        accept="application/json,.json"
        disabled={importing}
        onChange={(e) => void onFile(e)}
        data-testid="catalog-import"
      />
      <p
        aria-live="polite"
        data-testid="catalog-import-result"
        className={result && !result.ok ? 'error' : ''}
      >
        {importing ? t('catalog.importing') : result?.text}
      </p>
      <h3>{t('catalog.quarantineTitle', { count: entries.length })}</h3>
      {entries.length === 0 ? (
        <p>{t('catalog.quarantineNone')}</p>
      ) : (
        <ul data-testid="catalog-quarantine">
          {entries.map((q) => (
            <li key={q.key}>
              <strong>{q.name ?? q.id ?? q.key}</strong>:{' '}
              {q.reasons.map((r) => `${r.path || '(record)'} — ${r.message}`).join('; ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
