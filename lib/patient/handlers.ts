import type { Handlers } from '@/lib/messaging/router';
import { clearTabPatient, setTabPatient } from '@/lib/platform/tab-patients';

export interface PatientHandlerDeps {
  openSidePanel(tabId: number, windowId: number | undefined): Promise<boolean>;
  now?: () => number;
}

/** Background handlers: the background keeps the current patient per tab; the side panel reads it from storage. */
export function createPatientHandlers(deps: PatientHandlerDeps): Handlers {
  const now = deps.now ?? Date.now;
  return {
    'patient.detected': async ({ result }, { tabId, sender }) => {
      await setTabPatient(tabId!, { result, documentId: sender.documentId ?? null, updatedAt: now() });
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
    'panel.open': async (_req, { tabId, sender }) => ({
      ok: await deps.openSidePanel(tabId!, sender.tab?.windowId),
    }),
  };
}
