import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, type SocialRxDB } from './schema';
import { migrateToV1 } from './migrations/v1-meta';
import { migrateToV2 } from './migrations/v2-screening';
import { migrateToV3 } from './migrations/v3-catalog';
import { migrateToV4 } from './migrations/v4-referrals';

export type { SocialRxDB, EncryptedBlob } from './schema';
export type SocialRxDatabase = IDBPDatabase<SocialRxDB>;

/** Ordered migration steps: index i upgrades version i to i + 1. Add a file per step; never edit a shipped one. */
export const MIGRATIONS: ReadonlyArray<(db: SocialRxDatabase) => void> = [
  migrateToV1,
  migrateToV2,
  migrateToV3,
  migrateToV4,
];
export const DB_VERSION = MIGRATIONS.length;

/** Opens the database at `version` (default: latest), running every step from the stored version. */
export function openSocialRxDb(name = DB_NAME, version = DB_VERSION): Promise<SocialRxDatabase> {
  return openDB<SocialRxDB>(name, version, {
    upgrade(db, oldVersion, newVersion) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) MIGRATIONS[v]!(db);
    },
    blocking(_current, _blocked, event) {
      // A newer version elsewhere (e.g. after an update) wants the DB: close so it can upgrade.
      (event.target as IDBDatabase).close();
    },
  });
}

let shared: Promise<SocialRxDatabase> | undefined;
/** One connection per context. */
export function db(): Promise<SocialRxDatabase> {
  shared ??= openSocialRxDb();
  return shared;
}
