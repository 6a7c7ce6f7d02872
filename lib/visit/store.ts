import type { SocialRxDatabase } from '@/lib/db';
import type { Sealer } from '@/lib/platform/sealer';
import { EMPTY_VISIT, Visit } from './schema';

/**
 * The current visit per patient, kept encrypted in the `drafts` store under an opaque patient hash (never the
 * identifier itself). A blob that cannot be decrypted (key gone after a restart) or validated is dropped, not shown.
 */
export async function patientHash(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`social-rx:${key}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function loadVisit(db: SocialRxDatabase, sealer: Sealer, hash: string): Promise<Visit> {
  const row = await db.get('drafts', `visit:${hash}`);
  if (!row) return EMPTY_VISIT;
  try {
    const parsed = Visit.safeParse(await sealer.open(row.blob));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: unreadable drafts are purged
  }
  await db.delete('drafts', `visit:${hash}`);
  return EMPTY_VISIT;
}

export async function saveVisit(
  db: SocialRxDatabase,
  sealer: Sealer,
  hash: string,
  visit: Visit,
): Promise<Visit> {
  const next = Visit.parse({ ...visit, updatedAt: Date.now() });
  const blob = await sealer.seal(next);
  await db.put('drafts', { key: `visit:${hash}`, patientHash: hash, updatedAt: next.updatedAt, blob });
  return next;
}

/** Purges every draft except the given patient's (patient changed) or all of them (hash = null). */
export async function purgeDraftsExcept(db: SocialRxDatabase, hash: string | null): Promise<number> {
  const tx = db.transaction('drafts', 'readwrite');
  let n = 0;
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    if (cursor.value.patientHash !== hash) {
      await cursor.delete();
      n++;
    }
  }
  await tx.done;
  return n;
}

/** Purges drafts older than `maxAgeMs` (retention timer). */
export async function purgeDraftsOlderThan(
  db: SocialRxDatabase,
  maxAgeMs: number,
  now = Date.now(),
): Promise<number> {
  const tx = db.transaction('drafts', 'readwrite');
  let n = 0;
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    if (now - cursor.value.updatedAt > maxAgeMs) {
      await cursor.delete();
      n++;
    }
  }
  await tx.done;
  return n;
}

/** Purges one patient's drafts (the tab's patient changed). */
export async function purgeDraftsFor(db: SocialRxDatabase, hash: string): Promise<number> {
  const tx = db.transaction('drafts', 'readwrite');
  let n = 0;
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    if (cursor.value.patientHash === hash) {
      await cursor.delete();
      n++;
    }
  }
  await tx.done;
  return n;
}
