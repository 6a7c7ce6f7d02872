import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openSocialRxDb, type SocialRxDatabase } from '@/lib/db';
import { createRouter, type SenderInfo } from '@/lib/messaging/router';
import {
  SealerKeyMissingError,
  clearSessionKey,
  hasOutboxKey,
  hasSessionKey,
  outboxSealer,
  sessionSealer,
} from '@/lib/platform/crypto';
import {
  clearWorkstation,
  createWorkstationHandlers,
  purgeExpiredDrafts,
  purgeExpiredReceipts,
  purgeOnLock,
  runRetention,
} from '@/lib/platform/retention';
import { setLogSink } from '@/lib/platform/log';
import { setTabPatient } from '@/lib/platform/tab-patients';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2025, 5, 1, 12);
const settings = { draftRetentionHours: 8, receiptRetentionDays: 90 };
let seq = 0;
let db: SocialRxDatabase;
const deps = () => ({ db, settings, now: () => NOW });

beforeEach(async () => {
  fakeBrowser.reset();
  setLogSink(() => {});
  await clearSessionKey();
  db = await openSocialRxDb(`retention-test-${++seq}`);
});

async function draft(key: string, updatedAt: unknown) {
  const blob = await sessionSealer().seal({ name: 'TESTPATIENT, ALEX' });
  await db.put('drafts', { key, patientHash: `h-${key}`, updatedAt: updatedAt as number, blob });
}

async function referral(id: string, state: string, updatedAt: unknown, sentAt?: number) {
  await db.put('referrals', { id, state, updatedAt: updatedAt as number, ...(sentAt ? { sentAt } : {}) });
}

describe('time-based retention', () => {
  it('purges drafts and screenings older than draftRetentionHours, and corrupt ages, keeps fresh ones', async () => {
    await draft('fresh', NOW - 7 * HOUR);
    await draft('edge', NOW - 8 * HOUR);
    await draft('old', NOW - 8 * HOUR - 1);
    await draft('corrupt', 'yesterday');
    await draft('future', NOW + 30 * DAY);
    const blob = await sessionSealer().seal({ q: 1 });
    await db.put('screenings', { id: 's-old', patientHash: 'h', completedAt: NOW - 9 * HOUR, blob });
    await db.put('screenings', { id: 's-new', patientHash: 'h', completedAt: NOW - HOUR, blob });

    expect(await purgeExpiredDrafts(deps())).toEqual({ drafts: 3, screenings: 1 });
    expect((await db.getAllKeys('drafts')).sort()).toEqual(['edge', 'fresh']);
    expect(await db.getAllKeys('screenings')).toEqual(['s-new']);
  });

  it('honours a shorter configured retention', async () => {
    await draft('a', NOW - 2 * HOUR);
    expect(
      (await purgeExpiredDrafts({ ...deps(), settings: { ...settings, draftRetentionHours: 1 } })).drafts,
    ).toBe(1);
  });

  it('purges only terminal receipts older than receiptRetentionDays, never pending referrals', async () => {
    await referral('done-old', 'completed', NOW - 91 * DAY);
    await referral('done-new', 'completed', NOW - 89 * DAY);
    await referral('cancel-old-but-sent-late', 'cancelled', NOW - 200 * DAY, NOW - 10 * DAY);
    await referral('queued-ancient', 'queued', NOW - 900 * DAY);
    await referral('attention-ancient', 'needs-attention', NOW - 900 * DAY);
    await referral('sent-open', 'in-progress', NOW - 900 * DAY);
    await referral('done-no-age', 'completed', 'n/a');
    expect(await purgeExpiredReceipts(deps())).toBe(1);
    expect((await db.getAllKeys('referrals')).sort()).toEqual([
      'attention-ancient',
      'cancel-old-but-sent-late',
      'done-new',
      'done-no-age',
      'queued-ancient',
      'sent-open',
    ]);
  });

  it('accepts the referral area’s own terminal states', async () => {
    await referral('r1', 'sent', NOW - 100 * DAY);
    expect(await purgeExpiredReceipts({ ...deps(), terminalStates: new Set(['sent']) })).toBe(1);
  });

  it('runRetention reports every rule', async () => {
    await draft('old', NOW - 9 * HOUR);
    await referral('done-old', 'rejected', NOW - 91 * DAY);
    expect(await runRetention(deps())).toEqual({ drafts: 1, screenings: 0, receipts: 1 });
  });
});

describe('S6: lock and clear (unit)', () => {
  it('purgeOnLock deletes every draft and screening and forgets the session key', async () => {
    await draft('a', NOW);
    const blob = await sessionSealer().seal({ q: 1 });
    await db.put('screenings', { id: 's', patientHash: 'h', completedAt: NOW, blob });
    expect(await purgeOnLock(db)).toEqual({ drafts: 1, screenings: 1 });
    expect(await db.count('drafts')).toBe(0);
    expect(await hasSessionKey()).toBe(false);
    await expect(sessionSealer().open(blob)).rejects.toBeInstanceOf(SealerKeyMissingError);
  });

  it('clearWorkstation empties every patient-data store, shreds the outbox key, keeps catalog data', async () => {
    const getDb = () => Promise.resolve(db);
    await draft('a', NOW);
    const payload = await outboxSealer(getDb).seal({ patient: 'TESTPATIENT, ALEX' });
    await db.put('outbox', { id: 'o1', state: 'queued', payload });
    await referral('r1', 'completed', NOW);
    await db.put('listingReports', { id: 'l1' });
    await db.put('catalogMeta', { version: 3 }, 'cursor');
    await db.put('meta', 4, 'schema');
    await setTabPatient(7, {
      result: {
        status: 'patient',
        patient: {
          displayName: 'TESTPATIENT, ALEX',
          birthDate: '1980-01-01',
          sex: null,
          identifiers: [],
          source: 'demo',
        },
      },
      documentId: null,
      updatedAt: NOW,
    });

    const report = await clearWorkstation(db);
    expect(report).toEqual({
      drafts: 1,
      screenings: 0,
      outbox: 1,
      referrals: 1,
      listingReports: 1,
      sessionItems: 1,
    });
    for (const s of ['drafts', 'screenings', 'outbox', 'referrals', 'listingReports'] as const)
      expect(await db.count(s)).toBe(0);
    expect(await hasOutboxKey(getDb)).toBe(false);
    expect(await hasSessionKey()).toBe(false);
    expect(await db.get('catalogMeta', 'cursor')).toEqual({ version: 3 });
    expect(await db.get('meta', 'schema')).toBe(4);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    await expect(outboxSealer(getDb).open(payload)).rejects.toBeInstanceOf(SealerKeyMissingError);
  });
});

describe("'workstation.clear' handler through the router", () => {
  const EXT = 'abcdefghijklmnopabcdefghijklmnop';
  const ORIGIN = `chrome-extension://${EXT}`;
  const options: SenderInfo = { id: EXT, url: `${ORIGIN}/options.html`, origin: ORIGIN };
  const emr: SenderInfo = { id: EXT, origin: 'https://emr.example', frameId: 0, tab: { id: 1 } };

  function route(afterClear?: () => void) {
    return createRouter(createWorkstationHandlers({ db: () => Promise.resolve(db), afterClear }), {
      extensionId: EXT,
      extensionOrigin: ORIGIN,
      isAllowedEmrOrigin: () => true,
    });
  }

  it('clears when an extension page confirms, and calls afterClear', async () => {
    await draft('a', NOW);
    let called = 0;
    const reply = await route(() => void called++)(
      { v: 1, type: 'workstation.clear', payload: { confirm: true } },
      options,
    );
    expect(reply).toEqual({ ok: true, data: { ok: true } });
    expect(await db.count('drafts')).toBe(0);
    expect(called).toBe(1);
  });

  it('refuses an EMR page, a foreign extension and an unconfirmed request; nothing is deleted', async () => {
    await draft('a', NOW);
    const r = route();
    const msg = { v: 1, type: 'workstation.clear', payload: { confirm: true } };
    expect(await r(msg, emr)).toEqual({ ok: false, error: 'sender-not-extension-page' });
    expect(await r(msg, { ...options, id: 'other' })).toEqual({
      ok: false,
      error: 'sender-foreign-extension',
    });
    expect(await r({ ...msg, payload: { confirm: 'yes' } }, options)).toEqual({
      ok: false,
      error: 'invalid-payload:confirm',
    });
    expect(await db.count('drafts')).toBe(1);
  });
});
