import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openSocialRxDb, type SocialRxDatabase } from '@/lib/db';
import {
  OUTBOX_KEY_META_KEY,
  SESSION_KEY_STORAGE_KEY,
  SealerKeyMissingError,
  UnreadableBlobError,
  clearSessionKey,
  ensureSessionKey,
  hasOutboxKey,
  hasSessionKey,
  outboxSealer,
  sessionSealer,
  shredOutboxKey,
} from '@/lib/platform/crypto';

const VISIT = { patient: 'TESTPATIENT, ALEX', hcn: '9876543225', answers: { q1: 'often' }, n: 3 };
let seq = 0;
let database: SocialRxDatabase;
const getDb = () => Promise.resolve(database);

beforeEach(async () => {
  fakeBrowser.reset();
  await clearSessionKey();
  database = await openSocialRxDb(`crypto-test-${++seq}`);
});

function bytesOf(blob: { data: ArrayBuffer }): string {
  return new TextDecoder('latin1').decode(new Uint8Array(blob.data));
}

describe('session sealer', () => {
  it('round-trips values, including undefined and primitives, with a fresh IV each time', async () => {
    const s = sessionSealer();
    const a = await s.seal(VISIT);
    const b = await s.seal(VISIT);
    expect(await s.open(a)).toEqual(VISIT);
    expect(await s.open(await s.seal(undefined))).toBeUndefined();
    expect(await s.open(await s.seal('x'))).toBe('x');
    expect([...a.iv]).not.toEqual([...b.iv]);
    expect(bytesOf(a)).not.toContain('TESTPATIENT');
  });

  it('keeps only base64 key bytes in storage.session (JSON-serialisable), creating the key on first seal', async () => {
    expect(await hasSessionKey()).toBe(false);
    await sessionSealer().seal(VISIT);
    expect(await hasSessionKey()).toBe(true);
    const stored = (await fakeBrowser.storage.session.get(SESSION_KEY_STORAGE_KEY))[SESSION_KEY_STORAGE_KEY];
    expect(typeof stored).toBe('string');
    expect(atob(stored as string)).toHaveLength(32);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('a tampered blob throws UnreadableBlobError', async () => {
    const s = sessionSealer();
    const blob = await s.seal(VISIT);
    const data = new Uint8Array(blob.data.slice(0));
    data[3] = data[3]! ^ 0x01;
    await expect(s.open({ iv: blob.iv, data: data.buffer })).rejects.toBeInstanceOf(UnreadableBlobError);
    const iv = new Uint8Array(blob.iv);
    iv[0] = iv[0]! ^ 0x80;
    await expect(s.open({ iv, data: blob.data })).rejects.toBeInstanceOf(UnreadableBlobError);
    await expect(s.open({ iv: blob.iv, data: blob.data.slice(0, 10) })).rejects.toBeInstanceOf(
      UnreadableBlobError,
    );
  });

  it('rejects malformed blobs read back from storage', async () => {
    const s = sessionSealer();
    await ensureSessionKey();
    for (const bad of [
      null,
      'x',
      {},
      { iv: new Uint8Array(3), data: new ArrayBuffer(20) },
      { iv: [1], data: 'x' },
    ]) {
      await expect(s.open(bad as never)).rejects.toBeInstanceOf(UnreadableBlobError);
    }
  });

  it('after a browser restart (new session key) old blobs are unreadable', async () => {
    const blob = await sessionSealer().seal(VISIT);
    // A restart empties storage.session; the next seal creates a different key.
    fakeBrowser.storage.session.resetState();
    expect(await hasSessionKey()).toBe(false);
    await expect(sessionSealer().open(blob)).rejects.toBeInstanceOf(SealerKeyMissingError);
    await ensureSessionKey();
    await expect(sessionSealer().open(blob)).rejects.toBeInstanceOf(UnreadableBlobError);
  });

  it('clearSessionKey makes earlier drafts unreadable; concurrent first seals agree on one key', async () => {
    const s = sessionSealer();
    const blobs = await Promise.all([s.seal(1), s.seal(2), s.seal(3)]);
    expect(await Promise.all(blobs.map((b) => s.open(b)))).toEqual([1, 2, 3]);
    await clearSessionKey();
    await expect(s.open(blobs[0]!)).rejects.toBeInstanceOf(SealerKeyMissingError);
  });
});

describe('outbox sealer', () => {
  it('round-trips and stores a non-extractable CryptoKey in the meta store', async () => {
    const s = outboxSealer(getDb);
    const blob = await s.seal(VISIT);
    expect(await s.open(blob)).toEqual(VISIT);
    const key = (await database.get('meta', OUTBOX_KEY_META_KEY)) as CryptoKey;
    expect(key).toBeInstanceOf(CryptoKey);
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    expect(bytesOf(blob)).not.toContain('TESTPATIENT');
  });

  it('survives a "restart" (new connection, session storage gone) and a session-key change', async () => {
    const blob = await outboxSealer(getDb).seal(VISIT);
    fakeBrowser.storage.session.resetState();
    const reopened = await openSocialRxDb(database.name);
    expect(await outboxSealer(() => Promise.resolve(reopened)).open(blob)).toEqual(VISIT);
    reopened.close();
  });

  it('concurrent first seals create exactly one key', async () => {
    const s = outboxSealer(getDb);
    const blobs = await Promise.all(Array.from({ length: 5 }, (_, i) => s.seal(i)));
    expect(await Promise.all(blobs.map((b) => s.open(b)))).toEqual([0, 1, 2, 3, 4]);
  });

  it('tampering throws; shredding the key makes every payload unreadable, even with a new key', async () => {
    const s = outboxSealer(getDb);
    const blob = await s.seal(VISIT);
    const data = new Uint8Array(blob.data.slice(0));
    data[data.length - 1] = data[data.length - 1]! ^ 0xff;
    await expect(s.open({ iv: blob.iv, data: data.buffer })).rejects.toBeInstanceOf(UnreadableBlobError);

    await shredOutboxKey(getDb);
    expect(await hasOutboxKey(getDb)).toBe(false);
    await expect(s.open(blob)).rejects.toBeInstanceOf(SealerKeyMissingError);
    await s.seal('new payload');
    expect(await hasOutboxKey(getDb)).toBe(true);
    await expect(s.open(blob)).rejects.toBeInstanceOf(UnreadableBlobError);
  });

  it('a session-sealed blob cannot be opened by the outbox sealer and vice versa', async () => {
    const a = await sessionSealer().seal(VISIT);
    const b = await outboxSealer(getDb).seal(VISIT);
    await expect(outboxSealer(getDb).open(a)).rejects.toBeInstanceOf(UnreadableBlobError);
    await expect(sessionSealer().open(b)).rejects.toBeInstanceOf(UnreadableBlobError);
  });
});
