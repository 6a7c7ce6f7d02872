import { browser } from 'wxt/browser';
import { db as sharedDb, type SocialRxDatabase } from '@/lib/db';
import type { EncryptedBlob } from '@/lib/db/schema';
import type { Sealer } from './sealer';

/**
 * AES-GCM sealers for data at rest (reliability.md §2.4).
 *
 * - Session sealer: the key's raw bytes live only in `storage.session` (memory only, cleared when the browser stops,
 *   not readable by content scripts at the default access level). After a restart the key is gone, so every draft
 *   sealed with it is unreadable and gets purged. `storage.session` only holds JSON-serialisable values, not
 *   CryptoKey objects, so the bytes are kept as base64 and imported as a non-extractable key in memory.
 * - Outbox sealer: a non-extractable CryptoKey kept in IndexedDB (`meta` store, key 'outbox-key'). It survives
 *   restarts so queued referrals are not lost; deleting it (`shredOutboxKey`) makes every outbox payload
 *   unrecoverable (crypto-shredding). It does not protect against code running in the extension origin or someone
 *   holding the profile files: that is what it can and cannot do (reliability.md §1.4).
 */

export const SESSION_KEY_STORAGE_KEY = 'crypto.sessionKey';
export const OUTBOX_KEY_META_KEY = 'outbox-key';

const IV_BYTES = 12;
const KEY_BYTES = 32;
const ALGORITHM = 'AES-GCM';

/** The key a blob needs is gone (browser restart, workstation cleared, outbox key shredded). */
export class SealerKeyMissingError extends Error {
  override name = 'SealerKeyMissingError';
}
/** The blob is malformed, was tampered with, or was sealed under another key. */
export class UnreadableBlobError extends Error {
  override name = 'UnreadableBlobError';
}

function tagOf(v: unknown): string {
  return Object.prototype.toString.call(v);
}

/** Storage is a boundary: a blob read back from IndexedDB is checked before use (realm-independent checks). */
function blobParts(blob: unknown): { iv: Uint8Array<ArrayBuffer>; data: Uint8Array<ArrayBuffer> } {
  if (typeof blob !== 'object' || blob === null) throw new UnreadableBlobError('blob-not-object');
  const { iv, data } = blob as Partial<EncryptedBlob>;
  if (tagOf(iv) !== '[object Uint8Array]' || (iv as Uint8Array).byteLength !== IV_BYTES)
    throw new UnreadableBlobError('blob-bad-iv');
  const ivCopy = new Uint8Array((iv as Uint8Array).slice());
  if (tagOf(data) === '[object ArrayBuffer]')
    return { iv: ivCopy, data: new Uint8Array(data as ArrayBuffer) };
  if (ArrayBuffer.isView(data))
    return {
      iv: ivCopy,
      data: new Uint8Array(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
    };
  throw new UnreadableBlobError('blob-bad-data');
}

export async function sealWith(key: CryptoKey, value: unknown): Promise<EncryptedBlob> {
  // Wrapped so `undefined` round-trips and a bare string/number is still a JSON document.
  const plain = new TextEncoder().encode(JSON.stringify({ v: value }));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const data = await crypto.subtle.encrypt({ name: ALGORITHM, iv }, key, plain);
  return { iv, data };
}

export async function openWith(key: CryptoKey, blob: EncryptedBlob): Promise<unknown> {
  const { iv, data } = blobParts(blob);
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt({ name: ALGORITHM, iv }, key, data);
  } catch {
    // GCM authentication failed: tampered, truncated or sealed under another key. No detail is useful here.
    throw new UnreadableBlobError('blob-auth-failed');
  }
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(plain));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return (parsed as { v?: unknown }).v;
  } catch {
    // fall through
  }
  throw new UnreadableBlobError('blob-not-json');
}

// ---------------------------------------------------------------------------------------------------------------
// Session key (storage.session)

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(s: string): Uint8Array<ArrayBuffer> | null {
  try {
    const bin = atob(s);
    if (bin.length !== KEY_BYTES) return null;
    const out = new Uint8Array(KEY_BYTES);
    for (let i = 0; i < KEY_BYTES; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

async function readSessionKeyText(): Promise<string | null> {
  const got = await browser.storage.session.get(SESSION_KEY_STORAGE_KEY);
  const v: unknown = got[SESSION_KEY_STORAGE_KEY];
  return typeof v === 'string' && fromBase64(v) ? v : null;
}

// One imported key per raw value: re-reading storage.session on each operation keeps every context on the key that
// is actually stored (another context may have cleared or replaced it) at the cost of one in-memory lookup.
let imported: { text: string; key: Promise<CryptoKey> } | null = null;
function importSessionKey(text: string): Promise<CryptoKey> {
  if (imported?.text !== text) {
    const raw = fromBase64(text)!;
    imported = { text, key: crypto.subtle.importKey('raw', raw, ALGORITHM, false, ['encrypt', 'decrypt']) };
  }
  return imported.key;
}

let creating: Promise<string> | null = null;
/**
 * Returns the session key, creating it when absent. Creation is memoised per context; call it once at service-worker
 * start so that extension pages never race to create two different keys.
 */
export async function ensureSessionKey(): Promise<void> {
  await sessionKeyText(true);
}

async function sessionKeyText(create: boolean): Promise<string | null> {
  const existing = await readSessionKeyText();
  if (existing || !create) return existing;
  creating ??= (async () => {
    const text = toBase64(crypto.getRandomValues(new Uint8Array(KEY_BYTES)));
    await browser.storage.session.set({ [SESSION_KEY_STORAGE_KEY]: text });
    // Another context may have written its own key at the same moment: whatever is stored now wins.
    return (await readSessionKeyText()) ?? text;
  })().finally(() => {
    creating = null;
  });
  return creating;
}

/** True when a session key exists (false after a browser restart: every sealed draft is then unreadable). */
export async function hasSessionKey(): Promise<boolean> {
  return (await readSessionKeyText()) !== null;
}

/** Forgets the session key: every draft sealed so far becomes unreadable. */
export async function clearSessionKey(): Promise<void> {
  imported = null;
  await browser.storage.session.remove(SESSION_KEY_STORAGE_KEY);
}

/** Seals drafts and screening answers for this browser session only. */
export function sessionSealer(): Sealer {
  return {
    async seal(value) {
      const text = (await sessionKeyText(true))!;
      return sealWith(await importSessionKey(text), value);
    },
    async open(blob) {
      const text = await sessionKeyText(false);
      if (!text) throw new SealerKeyMissingError('session-key-missing');
      return openWith(await importSessionKey(text), blob);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Outbox key (IndexedDB, non-extractable)

type DbGetter = () => Promise<SocialRxDatabase>;

function asCryptoKey(v: unknown): CryptoKey | null {
  return typeof CryptoKey !== 'undefined' && v instanceof CryptoKey && v.algorithm.name === ALGORITHM
    ? v
    : null;
}

async function readOutboxKey(database: SocialRxDatabase): Promise<CryptoKey | null> {
  return asCryptoKey(await database.get('meta', OUTBOX_KEY_META_KEY));
}

async function getOrCreateOutboxKey(database: SocialRxDatabase): Promise<CryptoKey> {
  const existing = await readOutboxKey(database);
  if (existing) return existing;
  // Generate first (crypto awaits would auto-commit an IndexedDB transaction), then put-if-absent in one
  // readwrite transaction so two contexts creating at once agree on a single key.
  const fresh = await crypto.subtle.generateKey({ name: ALGORITHM, length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const tx = database.transaction('meta', 'readwrite', { durability: 'strict' });
  const raced = asCryptoKey(await tx.store.get(OUTBOX_KEY_META_KEY));
  if (!raced) await tx.store.put(fresh, OUTBOX_KEY_META_KEY);
  await tx.done;
  return raced ?? fresh;
}

/** True when the outbox key exists (false after a shred, or before the first referral was queued). */
export async function hasOutboxKey(database: DbGetter = sharedDb): Promise<boolean> {
  return (await readOutboxKey(await database())) !== null;
}

/**
 * Deletes the outbox key: every outbox payload sealed with it becomes unrecoverable. The next `seal` creates a new
 * key. Callers delete the (now useless) outbox records themselves.
 */
export async function shredOutboxKey(database: DbGetter = sharedDb): Promise<void> {
  const d = await database();
  const tx = d.transaction('meta', 'readwrite', { durability: 'strict' });
  await tx.store.delete(OUTBOX_KEY_META_KEY);
  await tx.done;
}

/** Seals outbox payloads so they survive restarts until sent, and can be shredded by deleting one key. */
export function outboxSealer(database: DbGetter = sharedDb): Sealer {
  return {
    async seal(value) {
      return sealWith(await getOrCreateOutboxKey(await database()), value);
    },
    async open(blob) {
      const key = await readOutboxKey(await database());
      if (!key) throw new SealerKeyMissingError('outbox-key-missing');
      return openWith(key, blob);
    },
  };
}
