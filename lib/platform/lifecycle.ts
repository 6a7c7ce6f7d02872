import { browser } from 'wxt/browser';
import { db } from '@/lib/db';
import { loadSettings } from '@/lib/settings/store';
import { patientHash, purgeDraftsFor } from '@/lib/visit/store';
import { ensureSessionKey, hasSessionKey } from './crypto';
import { log } from './log';
import { purgeOnLock, runRetention } from './retention';

/**
 * Start-up privacy duties: a missing session key means the browser restarted, so drafts sealed with the old key are
 * unreadable and are purged; then a fresh session key is made.
 */
export async function startSession(): Promise<void> {
  if (!(await hasSessionKey())) {
    const database = await db();
    const tx = database.transaction(['drafts', 'screenings'], 'readwrite', { durability: 'strict' });
    await Promise.all([tx.objectStore('drafts').clear(), tx.objectStore('screenings').clear(), tx.done]);
    log('info', 'session.started-drafts-purged');
  }
  await ensureSessionKey();
}

export async function retentionTick(): Promise<void> {
  const { settings } = await loadSettings();
  const report = await runRetention({ db: await db(), settings, now: Date.now });
  log('info', 'retention.ran', { ...report });
}

/** Screen locked: purge drafts and screening answers (chrome.idle reports 'locked'; interval ≥ 15 s). */
export function purgeOnScreenLock(): void {
  browser.idle?.setDetectionInterval?.(60);
  browser.idle?.onStateChanged.addListener((state) => {
    if (state === 'locked') void db().then(purgeOnLock);
  });
}

export async function purgePatientDrafts(previousKey: string): Promise<void> {
  const n = await purgeDraftsFor(await db(), await patientHash(previousKey));
  if (n) log('info', 'drafts.purged-patient-changed', { n });
}
