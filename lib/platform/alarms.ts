import { browser } from 'wxt/browser';

export type AlarmName = 'outbox-drain' | 'status-poll' | 'retention' | 'catalog-sync';

/**
 * Alarms may be lost on a browser restart, so they are re-created at every service-worker start. Re-creating an
 * alarm that already has the same period keeps its schedule.
 */
export async function ensureAlarm(name: AlarmName, periodMinutes: number): Promise<void> {
  const existing = await browser.alarms.get(name);
  if (existing?.periodInMinutes === periodMinutes) return;
  await browser.alarms.create(name, {
    periodInMinutes: periodMinutes,
    delayInMinutes: Math.min(1, periodMinutes),
  });
}

export function onAlarm(handlers: Partial<Record<AlarmName, () => Promise<unknown>>>): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    const run = handlers[alarm.name as AlarmName];
    if (run) void run().catch(() => undefined);
  });
}
