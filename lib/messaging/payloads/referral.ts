import { z } from 'zod';
import { ReferralRequest } from '@/lib/referral/request';

/** Owned by lib/referral. The background re-validates everything (the router parses with these schemas). */
export const ReferralMessages = {
  /** side panel → background: persist (strict durability) then deliver; replies only once queued. */
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
    request: z.object({ referralId: z.uuid(), action: z.enum(['retry', 'discard', 'resume-queue']) }),
    response: z.object({ ok: z.boolean() }),
  },
  /** side panel → background: poll the navigator for Task changes now (rate-limited by settings). */
  'status.poll': {
    from: 'extension',
    request: z.object({ force: z.boolean().default(false) }),
    response: z.object({ polled: z.boolean(), changed: z.number().int() }),
  },
} as const;
