import type { IDBPDatabase } from 'idb';
import type { SocialRxDB } from '../schema';

export function migrateToV4(db: IDBPDatabase<SocialRxDB>): void {
  db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byState', 'state');
  const referrals = db.createObjectStore('referrals', { keyPath: 'id' });
  referrals.createIndex('byState', 'state');
  referrals.createIndex('byUpdated', 'updatedAt');
  db.createObjectStore('listingReports', { keyPath: 'id' });
}
