import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { db } from '@/lib/db';
import { log } from '@/lib/platform/log';
import { createReferralService } from '@/lib/referral/service';
import { loadSettings } from '@/lib/settings/store';
import { showBadge } from './badge';
import { outboxSealer } from './crypto';

/**
 * "A referral changed" signal from the background to open panels, in `storage.session` (memory only, extension
 * pages only). It carries the referral UUID and a time, nothing about the patient; the panel re-reads the state.
 */
const CHANGED_KEY = 'session:referralChanged' as const;
const ReferralChanged = z.object({ referralId: z.uuid().nullable(), at: z.number() });
export type ReferralChanged = z.infer<typeof ReferralChanged>;

export function notifyReferralChanged(referralId: string | null): void {
  // `at` makes every write a change, so the same referral changing twice notifies twice.
  storage
    .setItem(CHANGED_KEY, { referralId, at: Date.now() })
    .catch(() => log('warn', 'referral.notify-failed'));
}

/** Calls `cb` on every change notification (null id: possibly several referrals). Returns the unsubscribe. */
export function watchReferralChanges(cb: (referralId: string | null) => void): () => void {
  return storage.watch(CHANGED_KEY, (v) => {
    const parsed = ReferralChanged.safeParse(v);
    if (parsed.success) cb(parsed.data.referralId);
  });
}

/** The background's one referral service: outbox (encrypted payloads), transport to the navigator, status polling. */
export function createBackgroundReferralService() {
  return createReferralService({
    database: db,
    sealer: outboxSealer(),
    getSettings: async () => (await loadSettings()).settings,
    // The service worker's own fetch: loopback or the configured navigator only (no generic fetch message exists).
    fetch: (input, init) => fetch(input, init),
    onCounts: showBadge,
    onReferralChange: notifyReferralChanged,
  });
}
