import type { IDBPDatabase } from 'idb';
import type { SocialRxDB } from '../schema';

export function migrateToV2(db: IDBPDatabase<SocialRxDB>): void {
  db.createObjectStore('drafts', { keyPath: 'key' });
  const screenings = db.createObjectStore('screenings', { keyPath: 'id' });
  screenings.createIndex('byPatient', 'patientHash');
}
