import { browser } from 'wxt/browser';
import { badgeText, type BadgeCounts } from '@/lib/referral/outbox';

/** The action icon's badge: pending and needs-attention referral counts (red when something needs attention). */
export function showBadge(counts: BadgeCounts): void {
  void browser.action?.setBadgeText({ text: badgeText(counts) });
  const attention = counts.needsAttention > 0 || counts.paused;
  void browser.action?.setBadgeBackgroundColor({ color: attention ? '#a4262c' : '#0b5e54' });
}
