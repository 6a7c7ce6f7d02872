import type { EncryptedBlob } from '@/lib/db/schema';

/**
 * Encrypts values for storage at rest. Implementations (lib/platform/crypto.ts) hold non-extractable AES-GCM keys:
 * the session sealer's key lives only for the browser session; the outbox sealer's key can be deleted to shred.
 */
export interface Sealer {
  seal(value: unknown): Promise<EncryptedBlob>;
  /** Throws when the blob cannot be decrypted (e.g. the key is gone after a browser restart). */
  open(blob: EncryptedBlob): Promise<unknown>;
}
