import type { IDBPDatabase } from 'idb';
import type { SocialRxDB } from '../schema';

export function migrateToV1(db: IDBPDatabase<SocialRxDB>): void {
  db.createObjectStore('meta');
}
