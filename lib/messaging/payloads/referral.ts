import { z } from 'zod';
import { PathwayPeriod, PathwaySummary } from '@/lib/referral/pathway';
import { ReferralState } from '@/lib/referral/records';
import { ReferralRequest } from '@/lib/referral/request';
import { QueueView, ReferralView } from '@/lib/referral/view';

/** Owned by lib/referral. The background re-validates everything (the router parses with these schemas). */
export const ReferralMessages = {
  /**
   * side panel → background: build the bundle, check the referral rules, persist (strict durability), reply once
   * queued; base R4 validation runs in the drain before the first send (an invalid bundle is never sent).
   */
  'referral.submit': {
    from: 'extension',
    request: z
      .object({ referralId: z.uuid(), request: ReferralRequest })
      .refine((m) => m.referralId === m.request.referralId, {
        message: 'referralId mismatch',
        path: ['referralId'],
      }),
    response: z.object({
      state: z.enum(['queued', 'invalid']),
      issues: z.array(z.string().max(500)).max(50),
    }),
  },
  /** side panel → background: drain the outbox now (also on panel open). */
  'outbox.drain': {
    from: 'extension',
    request: z.object({ reason: z.enum(['panel-open', 'user', 'test']) }),
    response: z.object({ attempted: z.number().int(), sent: z.number().int() }),
  },
  /** side panel → background: explicit user action on a referral needing attention. */
  'referral.action': {
    from: 'extension',
    request: z.union([
      z.object({ action: z.enum(['retry', 'discard']), referralId: z.uuid() }),
      z.object({ action: z.literal('resume-queue') }),
    ]),
    response: z.object({ ok: z.boolean() }),
  },
  /** side panel → background: poll the navigator for Task changes now (rate-limited by settings). */
  'status.poll': {
    from: 'extension',
    request: z.object({ force: z.boolean().default(false) }),
    response: z.object({ polled: z.boolean(), changed: z.number().int() }),
  },
  /** side panel → background: this workstation's referrals (this user's in detail, other users' as counts). */
  'referral.list': {
    from: 'extension',
    request: z.object({}),
    response: z.object({
      referrals: z.array(ReferralView).max(5000),
      others: z.object({
        total: z.number().int(),
        pending: z.number().int(),
        needsAttention: z.number().int(),
      }),
      queue: QueueView,
    }),
  },
  /** side panel → background: one referral's state (the prescribe screen waits for "sent" = a recorded 2xx). */
  'referral.state': {
    from: 'extension',
    request: z.object({ referralId: z.uuid() }),
    response: z.object({
      state: ReferralState.nullable(),
      code: z.string().max(40).nullable(),
      reason: z.string().max(500),
      paused: z.boolean(),
    }),
  },
  /** side panel → background: the clinic data pathway over a period, and its CSV in the user's language. */
  'referral.pathway': {
    from: 'extension',
    request: z.object({
      period: PathwayPeriod,
      language: z.enum(['en', 'fr']),
      /** Names and health numbers in the CSV: only on an explicit request, and only where they were consented. */
      identified: z.boolean().default(false),
    }),
    response: z.object({ summary: PathwaySummary, csv: z.string().max(20_000_000) }),
  },
} as const;
