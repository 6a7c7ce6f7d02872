import type { Language } from '@/lib/i18n';
import type { Settings } from '@/lib/settings/schema';
import { PatientBanner } from '@/components/patient/PatientBanner';
import { NoPatient } from '@/components/patient/NoPatient';
import { ManualPatientForm } from '../patient/ManualPatientForm';
import { useBoundTab } from './useBoundTab';
import { useTabPatient } from './useTabPatient';

export interface ShellProps {
  lang: Language;
  settings: Settings;
}

export function Shell({ lang, settings }: ShellProps) {
  const { tabId, ready } = useBoundTab();
  const tabPatient = useTabPatient(tabId);
  if (!ready || tabPatient.isPending) return null;
  const result = tabPatient.data?.result;
  if (tabId === null || !result || result.status === 'none') {
    const reason = tabId === null ? 'no-tab' : (result?.status === 'none' && result.reason) || 'unknown';
    return (
      <main className="panel">
        <NoPatient reason={reason}>{tabId !== null && <ManualPatientForm tabId={tabId} />}</NoPatient>
      </main>
    );
  }
  const patient = result.patient;
  return (
    <main
      className="panel"
      data-lang={lang}
      data-navigator={settings.navigatorFhirBaseUrl ? 'configured' : 'none'}
    >
      <PatientBanner patient={patient} />
      {patient.source === 'manual' && <ManualPatientForm tabId={tabId} clearOnly />}
    </main>
  );
}
