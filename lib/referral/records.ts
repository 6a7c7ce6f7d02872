import { z } from 'zod';
import { SdohCategory } from '@/lib/visit/schema';
import { PatientIdentifier } from '@/lib/patient/context';
import { ChosenProgram } from './programs';
import { ReferralPriority } from './request';

/**
 * Stored shapes of the `outbox` and `referrals` stores (lib/db v4), validated on every read: storage is a boundary.
 * Anything that could identify the patient or carries free text lives only inside `EncryptedBlob`s.
 */
const tag = (v: unknown) => Object.prototype.toString.call(v);
// Realm-independent checks (values read back from IndexedDB may come from another realm in tests and workers).
export const EncryptedBlobSchema = z.object({
  iv: z.custom<Uint8Array>((v) => tag(v) === '[object Uint8Array]', 'iv: expected bytes'),
  data: z.custom<ArrayBuffer>(
    (v) => tag(v) === '[object ArrayBuffer]' || ArrayBuffer.isView(v),
    'data: expected bytes',
  ),
});

export const OutboxState = z.enum(['queued', 'sending', 'sent', 'needs-attention']);
export type OutboxState = z.infer<typeof OutboxState>;

export const ReceiptSchema = z.object({
  status: z.number().int(),
  at: z.number(),
  task: z.string().max(300).nullable(),
  serviceRequest: z.string().max(300).nullable(),
});

export const OutboxRecord = z.object({
  id: z.uuid(),
  state: OutboxState,
  /** The navigator the patient consented to; fixed at enqueue. */
  target: z.string().max(500),
  createdAt: z.number(),
  createdBy: z.string().max(100),
  updatedAt: z.number(),
  attempts: z.number().int().min(0),
  nextAttemptAt: z.number(),
  /** Lease (compare-and-set claim): only the holder of `leaseToken` may record the outcome of its attempt. */
  leaseUntil: z.number(),
  leaseToken: z.string().max(80).nullable(),
  /** The sealed Bundle; null once sent (drop the payload, keep the receipt). */
  payload: EncryptedBlobSchema.nullable(),
  lastCode: z.string().max(40).nullable(),
  lastStatus: z.number().int().nullable(),
  /** Sealed readable reason (an OperationOutcome's text can echo patient data). */
  reason: EncryptedBlobSchema.nullable(),
  firstFailureAt: z.number().nullable(),
  receipt: ReceiptSchema.nullable(),
  /**
   * The payload passed the full check (referral rules + base R4) in a drain. Enqueue stores false: the click only runs
   * the cheap rules, so no bundle goes on the wire before the drain has validated it (records from before v4.1: false).
   */
  checked: z.boolean().default(false),
});
export type OutboxRecord = z.infer<typeof OutboxRecord>;

/** What the clinic sees: outbox states until a 2xx, then the navigator's Task status. */
export const ReferralState = z.enum([
  'queued',
  'needs-attention',
  'sent',
  'accepted',
  'in-progress',
  'on-hold',
  'completed',
  'rejected',
  'cancelled',
  'failed',
  'entered-in-error',
  'discarded',
]);
export type ReferralState = z.infer<typeof ReferralState>;

export const TERMINAL_STATES: ReadonlySet<ReferralState> = new Set([
  'completed',
  'rejected',
  'cancelled',
  'failed',
  'entered-in-error',
  'discarded',
]);
/** States where the navigator holds the referral and we poll for changes. */
export const OPEN_REMOTE_STATES: ReadonlySet<ReferralState> = new Set([
  'sent',
  'accepted',
  'in-progress',
  'on-hold',
]);

export const TimelineEntry = z.object({
  at: z.number(),
  state: ReferralState,
  /** The Task.status as the navigator sent it (e.g. 'received', 'ready' are mapped, never sent). */
  raw: z.string().max(40).nullable(),
  source: z.enum(['local', 'navigator']),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const ReferralRecord = z.object({
  id: z.uuid(),
  state: ReferralState,
  createdAt: z.number(),
  updatedAt: z.number(),
  createdBy: z.string().max(100),
  target: z.string().max(500),
  /** Needs and counts are kept in clear for the clinic's data pathway (no identity attached). */
  needs: z.array(SdohCategory).max(15),
  programCount: z.number().int().min(0),
  letNavigatorChoose: z.boolean(),
  priority: ReferralPriority,
  sentAt: z.number().nullable(),
  acceptedAt: z.number().nullable(),
  completedAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  taskId: z.string().max(100).nullable(),
  taskLastUpdated: z.string().max(40).nullable(),
  timeline: z.array(TimelineEntry).max(200),
  detail: EncryptedBlobSchema,
});
export type ReferralRecord = z.infer<typeof ReferralRecord>;

export const NavigatorNote = z.object({
  at: z.number(),
  state: ReferralState,
  reason: z.string().max(1000).default(''),
  businessStatus: z.string().max(300).default(''),
  notes: z.array(z.string().max(2000)).max(20).default([]),
  outputs: z.array(z.string().max(500)).max(20).default([]),
});
export type NavigatorNote = z.infer<typeof NavigatorNote>;

/** The sealed part of a referral record. */
export const ReferralDetail = z.object({
  patientName: z.string().max(200),
  /** Health numbers as consented for sharing (used only in an explicitly requested identified export). */
  identifiers: z.array(PatientIdentifier).max(8).default([]),
  programs: z.array(ChosenProgram).max(20).default([]),
  attentionReason: z.string().max(500).default(''),
  events: z.array(NavigatorNote).max(200).default([]),
});
export type ReferralDetail = z.infer<typeof ReferralDetail>;
