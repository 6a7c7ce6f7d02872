import type { Handlers } from '@/lib/messaging/router';
import { clearTabPatient, getTabPatient, setTabPatient } from '@/lib/platform/tab-patients';
import { patientKey, type DetectionResult } from './context';

export interface PatientHandlerDeps {
  openSidePanel(tabId: number, windowId: number | undefined): Promise<boolean>;
  /** Called with the previous patient's key when a tab's patient changes (drafts are purged). */
  onPatientChanged?(previousKey: string): Promise<void>;
  /** Forwards "insert into note" to the tab's top-frame content script. */
  insertNote?(tabId: number, text: string): Promise<boolean>;
  /** Validated clinic-configured adapter definitions (settings.configuredAdapters). */
  configuredAdapters?(): Promise<Record<string, unknown>[]>;
  now?: () => number;
}

const keyOf = (r: DetectionResult | undefined) => (r?.status === 'patient' ? patientKey(r.patient) : null);

/** Background handlers: the background keeps the current patient per tab; the side panel reads it from storage. */
export function createPatientHandlers(deps: PatientHandlerDeps): Handlers {
  const now = deps.now ?? Date.now;
  return {
    'patient.detected': async ({ result }, { tabId, sender }) => {
      const previous = await getTabPatient(tabId!);
      const before = keyOf(previous?.result) ?? previous?.lastPatientKey ?? null;
      const after = keyOf(result);
      await setTabPatient(tabId!, {
        result,
        documentId: sender.documentId ?? null,
        updatedAt: now(),
        lastPatientKey: after ?? before,
      });
      if (before && after && before !== after) await deps.onPatientChanged?.(before);
      return { ok: true };
    },
    'patient.setManual': async ({ tabId, patient }) => {
      if (patient === null) await clearTabPatient(tabId);
      else
        await setTabPatient(tabId, {
          result: { status: 'patient', patient },
          documentId: null,
          updatedAt: now(),
        });
      return { ok: true };
    },
    'emr.configuredAdapters': async () => ({ definitions: (await deps.configuredAdapters?.()) ?? [] }),
    'note.insert': async ({ tabId, text }) => ({ ok: (await deps.insertNote?.(tabId, text)) ?? false }),
    'panel.open': async (_req, { tabId, sender }) => ({
      ok: await deps.openSidePanel(tabId!, sender.tab?.windowId),
    }),
  };
}
