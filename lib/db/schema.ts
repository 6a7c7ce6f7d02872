import type { DBSchema } from 'idb';

/**
 * The one IndexedDB schema registry. Values are stored as plain objects and every reader validates them with the
 * zod schema of its own area (lib/catalog, lib/referral, lib/screening): storage is a boundary like any other.
 * PHI-bearing values are stored only as `EncryptedBlob`s (lib/platform/crypto.ts).
 */
export interface EncryptedBlob {
  iv: Uint8Array;
  data: ArrayBuffer;
}

export interface SocialRxDB extends DBSchema {
  /** v1: small key/value records (schema markers, cursors). */
  meta: { key: string; value: unknown };
  /** v2: screening drafts, one per tab-bound patient (key = opaque patient hash). */
  drafts: {
    key: string;
    value: { key: string; patientHash: string; updatedAt: number; blob: EncryptedBlob };
  };
  /** v2: completed screenings (encrypted), indexed by opaque patient hash. */
  screenings: {
    key: string;
    value: { id: string; patientHash: string; completedAt: number; blob: EncryptedBlob };
    indexes: { byPatient: string };
  };
  /** v3: catalog records in chunks of ~1000 (per-record puts are the slowest step of a sync, see perf-anchors). */
  catalogChunks: { key: number; value: unknown };
  /** v3: catalog metadata: sync cursor, ETags, counts, last error. */
  catalogMeta: { key: string; value: unknown };
  /** v3: the persisted search index (serialised), so a cold side panel does not rebuild it. */
  catalogIndex: { key: string; value: unknown };
  /** v3: quarantined catalog records with their reasons. */
  quarantine: { key: string; value: unknown };
  /** v4: durable outbox, key = referral UUID. */
  outbox: {
    key: string;
    value: { id: string; state: string } & Record<string, unknown>;
    indexes: { byState: string };
  };
  /** v4: referral tracking records (receipt, timeline), key = referral UUID. */
  referrals: {
    key: string;
    value: { id: string; state: string; updatedAt: number } & Record<string, unknown>;
    indexes: { byState: string; byUpdated: number };
  };
  /** v4: "report a problem with this listing" reports waiting to be sent. */
  listingReports: { key: string; value: { id: string } & Record<string, unknown> };
}

export const DB_NAME = 'social-rx';
