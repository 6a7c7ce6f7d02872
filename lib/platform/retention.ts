import { browser } from 'wxt/browser';
import { db as sharedDb, type SocialRxDatabase } from '@/lib/db';
import type { Handler, Handlers } from '@/lib/messaging/router';
import type { Settings } from '@/lib/settings/schema';
import { OUTBOX_KEY_META_KEY, clearSessionKey } from './crypto';
import { log } from './log';

/**
 * Retention rules for patient data kept on the workstation (reliability.md §2.4). Extension storage survives "clear
 * browsing data", so purging is ours to do. Database, settings and clock are injected so the rules are testable and
 * the background decides when they run (alarm, start-up, idle lock, patient change).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A timestamp further in the future than this is treated as corrupt (clock set back, bad write), not as fresh. */
const MAX_FUTURE_SKEW = DAY;

/** Referral states after which nothing more happens locally: their records are receipts. */
export const DEFAULT_TERMINAL_REFERRAL_STATES: ReadonlySet<string> = new Set([
  'completed',
  'cancelled',
  'rejected',
  'failed',
  'entered-in-error',
  'withdrawn',
  'discarded',
  'closed',
]);

/** IndexedDB stores that can hold patient data. The catalog stores and `meta` (except the outbox key) do not. */
export const PATIENT_DATA_STORES = ['drafts', 'screenings', 'outbox', 'referrals', 'listingReports'] as const;
export type PatientDataStore = (typeof PATIENT_DATA_STORES)[number];

/** The storage.session items with patient data (tab → detected patient, lib/platform/tab-patients.ts). */
const SESSION_PATIENT_PREFIX = 'tabPatient:';

export interface RetentionDeps {
  db: SocialRxDatabase;
  settings: Pick<Settings, 'draftRetentionHours' | 'receiptRetentionDays'>;
  now: () => number;
  /** Which referral states count as finished receipts (default: DEFAULT_TERMINAL_REFERRAL_STATES). */
  terminalStates?: ReadonlySet<string>;
}

export interface RetentionReport {
  drafts: number;
  screenings: number;
  receipts: number;
}

function expired(at: unknown, maxAgeMs: number, now: number): boolean {
  // Unknown or corrupt ages are purged: for drafts, keeping an unreadable-age record is the riskier choice.
  if (typeof at !== 'number' || !Number.isFinite(at) || at > now + MAX_FUTURE_SKEW) return true;
  return now - at > maxAgeMs;
}

async function purgeStore(
  db: SocialRxDatabase,
  store: 'drafts' | 'screenings',
  timeOf: (v: unknown) => unknown,
  maxAgeMs: number,
  now: number,
): Promise<number> {
  const tx = db.transaction(store, 'readwrite');
  let n = 0;
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    if (expired(timeOf(cursor.value), maxAgeMs, now)) {
      await cursor.delete();
      n++;
    }
  }
  await tx.done;
  return n;
}

function field(v: unknown, name: string): unknown {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[name] : undefined;
}

/** Drafts and completed (unsent) screenings older than `draftRetentionHours`. */
export async function purgeExpiredDrafts(
  deps: RetentionDeps,
): Promise<{ drafts: number; screenings: number }> {
  const maxAge = deps.settings.draftRetentionHours * HOUR;
  const now = deps.now();
  const drafts = await purgeStore(deps.db, 'drafts', (v) => field(v, 'updatedAt'), maxAge, now);
  const screenings = await purgeStore(deps.db, 'screenings', (v) => field(v, 'completedAt'), maxAge, now);
  return { drafts, screenings };
}

/**
 * Receipts: referral records in a terminal state whose last change (`updatedAt`, or `sentAt` if later) is older than
 * `receiptRetentionDays`. Records still queued, sending, needing attention or open at the navigator are never
 * touched, and neither are records whose age cannot be read (the referral area owns their repair).
 */
export async function purgeExpiredReceipts(deps: RetentionDeps): Promise<number> {
  const terminal = deps.terminalStates ?? DEFAULT_TERMINAL_REFERRAL_STATES;
  const maxAge = deps.settings.receiptRetentionDays * DAY;
  const now = deps.now();
  const tx = deps.db.transaction('referrals', 'readwrite');
  let n = 0;
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    const v: unknown = cursor.value;
    const state = field(v, 'state');
    if (typeof state !== 'string' || !terminal.has(state)) continue;
    const stamps = [field(v, 'updatedAt'), field(v, 'sentAt')].filter(
      (t): t is number => typeof t === 'number' && Number.isFinite(t),
    );
    if (!stamps.length) continue;
    if (now - Math.max(...stamps) > maxAge) {
      await cursor.delete();
      n++;
    }
  }
  await tx.done;
  return n;
}

/** Runs every time-based rule once (call from the retention alarm and at start-up). */
export async function runRetention(deps: RetentionDeps): Promise<RetentionReport> {
  const { drafts, screenings } = await purgeExpiredDrafts(deps);
  const receipts = await purgeExpiredReceipts(deps);
  if (drafts || screenings || receipts) log('info', 'retention.purged', { drafts, screenings, receipts });
  return { drafts, screenings, receipts };
}

/**
 * Screen locked (`idle.onStateChanged` → 'locked') or user switch: every draft and unsent screening is deleted and the
 * session key is forgotten, so nothing typed before the lock can be read back by the next person at the keyboard.
 */
export async function purgeOnLock(db: SocialRxDatabase): Promise<{ drafts: number; screenings: number }> {
  const tx = db.transaction(['drafts', 'screenings'], 'readwrite', { durability: 'strict' });
  const drafts = await tx.objectStore('drafts').count();
  const screenings = await tx.objectStore('screenings').count();
  await tx.objectStore('drafts').clear();
  await tx.objectStore('screenings').clear();
  await tx.done;
  await clearSessionKey();
  log('info', 'retention.locked-purge', { drafts, screenings });
  return { drafts, screenings };
}

export type ClearReport = Record<PatientDataStore, number> & { sessionItems: number };

async function clearSessionPatients(): Promise<number> {
  const all = await browser.storage.session.get(null);
  const keys = Object.keys(all).filter((k) => k.startsWith(SESSION_PATIENT_PREFIX));
  if (keys.length) await browser.storage.session.remove(keys);
  return keys.length;
}

/**
 * "Clear this workstation": deletes every record that can hold patient data (drafts, screenings, the outbox including
 * unsent referrals, receipts, listing reports), shreds the outbox key in the same transaction, forgets the session
 * key and the per-tab detected patients. Catalog data and settings are kept. This is an explicit user action: it is
 * the one way besides a 2xx that unsent referrals leave the outbox.
 */
export async function clearWorkstation(db: SocialRxDatabase): Promise<ClearReport> {
  const tx = db.transaction([...PATIENT_DATA_STORES, 'meta'], 'readwrite', { durability: 'strict' });
  const counts = {} as Record<PatientDataStore, number>;
  for (const name of PATIENT_DATA_STORES) {
    const store = tx.objectStore(name);
    counts[name] = await store.count();
    await store.clear();
  }
  await tx.objectStore('meta').delete(OUTBOX_KEY_META_KEY);
  await tx.done;
  await clearSessionKey();
  const sessionItems = await clearSessionPatients();
  const report: ClearReport = { ...counts, sessionItems };
  log('info', 'workstation.cleared', report);
  return report;
}

export interface WorkstationHandlerDeps {
  db?: () => Promise<SocialRxDatabase>;
  /** Called after a successful clear (e.g. to refresh the badge or close the side panel's patient view). */
  afterClear?: (report: ClearReport) => Promise<void> | void;
}

/** The background's handler for 'workstation.clear' (lib/messaging/payloads/workstation.ts; extension pages only). */
export function createWorkstationHandlers(
  deps: WorkstationHandlerDeps = {},
): Required<Pick<Handlers, 'workstation.clear'>> {
  const getDb = deps.db ?? sharedDb;
  const clear: Handler<'workstation.clear'> = async () => {
    const report = await clearWorkstation(await getDb());
    await deps.afterClear?.(report);
    return { ok: true };
  };
  return { 'workstation.clear': clear };
}
