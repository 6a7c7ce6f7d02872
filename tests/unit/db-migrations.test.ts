import { describe, expect, it } from 'vitest';
import { DB_VERSION, MIGRATIONS, openSocialRxDb } from '@/lib/db';

const STORES_BY_VERSION: Record<number, string[]> = {
  1: ['meta'],
  2: ['drafts', 'meta', 'screenings'],
  3: ['catalogChunks', 'catalogIndex', 'catalogMeta', 'drafts', 'meta', 'quarantine', 'screenings'],
  4: [
    'catalogChunks',
    'catalogIndex',
    'catalogMeta',
    'drafts',
    'listingReports',
    'meta',
    'outbox',
    'quarantine',
    'referrals',
    'screenings',
  ],
};

describe('IndexedDB migrations', () => {
  it('has one expectation per step', () => {
    expect(Object.keys(STORES_BY_VERSION).map(Number)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('upgrades step by step from v1 to the latest, keeping data', async () => {
    const name = `chain-${Math.random()}`;
    for (let v = 1; v <= DB_VERSION; v++) {
      const db = await openSocialRxDb(name, v);
      expect([...db.objectStoreNames].sort()).toEqual(STORES_BY_VERSION[v]);
      if (v === 1) await db.put('meta', { marker: true }, 'marker');
      expect(await db.get('meta', 'marker')).toEqual({ marker: true });
      db.close();
    }
  });

  it('opens a fresh database straight at the latest version with the same shape', async () => {
    const db = await openSocialRxDb(`fresh-${Math.random()}`);
    expect([...db.objectStoreNames].sort()).toEqual(STORES_BY_VERSION[DB_VERSION]);
    expect(db.transaction('outbox').store.indexNames.contains('byState')).toBe(true);
    expect(db.transaction('referrals').store.indexNames.contains('byUpdated')).toBe(true);
    db.close();
  });
});
