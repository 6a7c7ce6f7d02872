import { db } from '@/lib/db';
import { createReferralService } from '@/lib/referral/service';
import { loadSettings } from '@/lib/settings/store';
import { showBadge } from './badge';
import { outboxSealer } from './crypto';

/** The background's one referral service: outbox (encrypted payloads), transport to the navigator, status polling. */
export function createBackgroundReferralService() {
  return createReferralService({
    database: db,
    sealer: outboxSealer(),
    getSettings: async () => (await loadSettings()).settings,
    // The service worker's own fetch: loopback or the configured navigator only (no generic fetch message exists).
    fetch: (input, init) => fetch(input, init),
    onCounts: showBadge,
  });
}
