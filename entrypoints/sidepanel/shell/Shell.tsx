import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '@/lib/i18n';
import type { PatientContext } from '@/lib/patient/context';
import { sendMessage } from '@/lib/platform/runtime-client';
import type { Settings } from '@/lib/settings/schema';
import { PatientBanner } from '@/components/patient/PatientBanner';
import { NoPatient } from '@/components/patient/NoPatient';
import { ManualPatientForm } from '../patient/ManualPatientForm';
import { PrescribeScreen } from '../prescribe';
import ProgramsScreen from '../programs/ProgramsScreen';
import { ReferralsScreen } from '../referrals/ReferralsScreen';
import ScreeningScreen from '../screening/ScreeningScreen';
import { useBoundTab } from './useBoundTab';
import { useChosenPrograms } from './useChosenPrograms';
import { useTabPatient } from './useTabPatient';
import { useVisit } from './useVisit';

export interface ShellProps {
  lang: Language;
  settings: Settings;
}

/** EMRs whose encounter-note field the adapter knows ("Insert into note"). */
const NOTE_EMRS = new Set(['oscar', 'openo', 'demo']);

const PATIENT_SECTIONS = ['screen', 'programs', 'prescribe', 'quick', 'referrals'] as const;
type Section = (typeof PATIENT_SECTIONS)[number];

export function Shell({ lang, settings }: ShellProps) {
  const { tabId, ready } = useBoundTab();
  const tabPatient = useTabPatient(tabId);
  const { t } = useTranslation('panel');
  const [showReferrals, setShowReferrals] = useState(false);
  useEffect(() => {
    // Panel open is a drain and status-poll trigger (both idempotent and rate-limited in the background).
    void sendMessage('outbox.drain', { reason: 'panel-open' }).catch(() => undefined);
    void sendMessage('status.poll', { force: false }).catch(() => undefined);
  }, []);
  if (!ready || tabPatient.isPending) return null;
  const result = tabPatient.data?.result;
  if (tabId === null || !result || result.status === 'none') {
    const reason = tabId === null ? 'no-tab' : (result?.status === 'none' && result.reason) || 'unknown';
    return (
      <main className="panel">
        <NoPatient reason={reason}>{tabId !== null && <ManualPatientForm tabId={tabId} />}</NoPatient>
        <button
          type="button"
          className="secondary"
          aria-expanded={showReferrals}
          data-testid="nav-referrals"
          onClick={() => setShowReferrals((v) => !v)}
        >
          {t('nav.referrals')}
        </button>
        {showReferrals && <ReferralsScreen lang={lang} settings={settings} send={sendMessage} />}
      </main>
    );
  }
  return (
    <PatientWorkspace key={tabId} tabId={tabId} patient={result.patient} lang={lang} settings={settings} />
  );
}

interface WorkspaceProps extends ShellProps {
  tabId: number;
  patient: PatientContext;
}

/** Everything for the patient in context: the banner stays on top, the sections below share one visit. */
function PatientWorkspace({ tabId, patient, lang, settings }: WorkspaceProps) {
  const { t } = useTranslation('panel');
  const [section, setSection] = useState<Section>('screen');
  const { visit, update } = useVisit(patient);
  const chosenPrograms = useChosenPrograms(visit?.chosenProgramIds ?? []);
  return (
    <main
      className="panel"
      data-lang={lang}
      data-navigator={settings.navigatorFhirBaseUrl ? 'configured' : 'none'}
    >
      <PatientBanner patient={patient} />
      {patient.source === 'manual' && <ManualPatientForm tabId={tabId} clearOnly />}
      <nav className="sections" aria-label={t('nav.label')}>
        {PATIENT_SECTIONS.map((s) => (
          <button
            key={s}
            type="button"
            className="secondary"
            aria-current={section === s ? 'page' : undefined}
            data-testid={`nav-${s}`}
            onClick={() => setSection(s)}
          >
            {t(`nav.${s}`)}
          </button>
        ))}
      </nav>
      {visit && section === 'screen' && (
        <ScreeningScreen
          patient={patient}
          visit={visit}
          onVisitChange={update}
          lang={lang}
          enabledInstruments={settings.enabledInstruments}
        />
      )}
      {visit && section === 'programs' && (
        <ProgramsScreen
          patient={patient}
          visit={visit}
          onVisitChange={update}
          lang={lang}
          settings={settings}
          send={sendMessage}
        />
      )}
      {visit && (section === 'prescribe' || section === 'quick') && (
        <PrescribeScreen
          key={section}
          patient={patient}
          visit={visit}
          onVisitChange={update}
          lang={lang}
          settings={settings}
          send={sendMessage}
          quick={section === 'quick'}
          programs={chosenPrograms}
          insertNote={
            NOTE_EMRS.has(patient.source)
              ? (text) => sendMessage('note.insert', { tabId, text }).then((r) => r.ok)
              : undefined
          }
        />
      )}
      {section === 'referrals' && <ReferralsScreen lang={lang} settings={settings} send={sendMessage} />}
    </main>
  );
}
