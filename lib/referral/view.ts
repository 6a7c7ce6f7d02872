import { z } from 'zod';
import { SdohCategory } from '@/lib/visit/schema';
import { ChosenProgram } from './programs';
import { OutboxState, ReferralState } from './records';
import { ReferralPriority } from './request';

/** What the side panel is shown about a referral (decrypted in the background, sent over the typed protocol). */
export const TimelineView = z.object({
  at: z.number(),
  state: ReferralState,
  raw: z.string().max(40).nullable(),
  source: z.enum(['local', 'navigator']),
  reason: z.string().max(1000).default(''),
  businessStatus: z.string().max(300).default(''),
  notes: z.array(z.string().max(2000)).max(20).default([]),
  outputs: z.array(z.string().max(500)).max(20).default([]),
});
export type TimelineView = z.infer<typeof TimelineView>;

export const OutboxView = z.object({
  state: OutboxState,
  attempts: z.number().int(),
  nextAttemptAt: z.number(),
  lastCode: z.string().max(40).nullable(),
  lastStatus: z.number().int().nullable(),
  reason: z.string().max(500),
  overdue: z.boolean(),
});
export type OutboxView = z.infer<typeof OutboxView>;

export const ReferralView = z.object({
  id: z.uuid(),
  state: ReferralState,
  createdAt: z.number(),
  updatedAt: z.number(),
  needs: z.array(SdohCategory).max(15),
  priority: ReferralPriority,
  letNavigatorChoose: z.boolean(),
  patientName: z.string().max(200),
  programs: z.array(ChosenProgram).max(20),
  timeline: z.array(TimelineView).max(200),
  outbox: OutboxView.nullable(),
  /** The details could not be decrypted (key shredded or workstation cleared): only the clear fields are shown. */
  unreadable: z.boolean(),
});
export type ReferralView = z.infer<typeof ReferralView>;

export const QueueView = z.object({
  pending: z.number().int(),
  needsAttention: z.number().int(),
  paused: z.object({ code: z.string().max(40), status: z.number().int(), at: z.number() }).nullable(),
  holdUntil: z.number(),
});
export type QueueView = z.infer<typeof QueueView>;

/** States ordered for the Referrals view: what needs a person first, closed last. */
export const STATE_ORDER: readonly ReferralState[] = [
  'needs-attention',
  'queued',
  'rejected',
  'failed',
  'on-hold',
  'sent',
  'accepted',
  'in-progress',
  'completed',
  'cancelled',
  'entered-in-error',
  'discarded',
];
export const stateRank = (s: ReferralState) => STATE_ORDER.indexOf(s);
