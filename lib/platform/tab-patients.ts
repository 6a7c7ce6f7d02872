import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { DetectionResult } from '@/lib/patient/context';

/**
 * The current patient per tab, kept in `storage.session` (memory only, cleared when the browser closes, readable by
 * extension pages only). `documentId` ties the record to the EMR document that produced it, so a page that goes
 * away can clear exactly its own record.
 */
export const TabPatient = z.object({
  result: DetectionResult,
  documentId: z.string().max(100).nullable(),
  updatedAt: z.number(),
  /** The last patient seen on this tab, kept through "no patient" moments so a later switch still purges drafts. */
  lastPatientKey: z.string().max(400).nullable().default(null),
});
export type TabPatient = z.infer<typeof TabPatient>;

const keyOf = (tabId: number) => `session:tabPatient:${tabId}` as const;

export async function getTabPatient(tabId: number): Promise<TabPatient | null> {
  const parsed = TabPatient.safeParse(await storage.getItem(keyOf(tabId)));
  return parsed.success ? parsed.data : null;
}

export async function setTabPatient(tabId: number, value: z.input<typeof TabPatient>): Promise<void> {
  await storage.setItem(keyOf(tabId), TabPatient.parse(value));
}

/**
 * The tab's EMR document went away (`onlyIfDocument`) or the tab closed. The last patient key is kept for a
 * document change so that opening another patient's chart next still purges the previous drafts.
 */
export async function clearTabPatient(tabId: number, onlyIfDocument?: string): Promise<void> {
  if (onlyIfDocument === undefined) return storage.removeItem(keyOf(tabId));
  const current = await getTabPatient(tabId);
  if (!current || current.documentId !== onlyIfDocument) return;
  await setTabPatient(tabId, {
    result: { status: 'none', reason: 'not-rendered' },
    documentId: null,
    updatedAt: Date.now(),
    lastPatientKey: current.lastPatientKey,
  });
}

export function watchTabPatient(tabId: number, cb: (v: TabPatient | null) => void): () => void {
  return storage.watch(keyOf(tabId), (v) => {
    const parsed = TabPatient.safeParse(v);
    cb(parsed.success ? parsed.data : null);
  });
}
