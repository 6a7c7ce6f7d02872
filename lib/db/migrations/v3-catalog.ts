import type { IDBPDatabase } from 'idb';
import type { SocialRxDB } from '../schema';

export function migrateToV3(db: IDBPDatabase<SocialRxDB>): void {
  db.createObjectStore('catalogChunks');
  db.createObjectStore('catalogMeta');
  db.createObjectStore('catalogIndex');
  db.createObjectStore('quarantine');
}
