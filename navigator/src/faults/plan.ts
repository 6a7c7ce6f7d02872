import { z } from 'zod';

export const FaultKind = z.enum(['delay', 'status', 'reset', 'commit-then-drop']);
export type FaultKind = z.infer<typeof FaultKind>;

export const FaultRule = z
  .object({
    /** "METHOD /path": exact path, or a prefix when it ends with "*"; METHOD may be "*". */
    match: z
      .string()
      .regex(/^(\*|GET|POST|PUT|PATCH|DELETE|HEAD) \/\S*$/, 'expected "METHOD /path" (path may end with *)'),
    kind: FaultKind,
    status: z.number().int().min(400).max(599).optional(),
    /** Seconds, sent as Retry-After with a 'status' fault. */
    retryAfter: z.number().int().min(0).max(86_400).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    /** Apply to the next N matching requests only. */
    times: z.number().int().min(1).max(1_000_000).optional(),
    /** Apply to each matching request with this probability. */
    probability: z.number().min(0).max(1).optional(),
  })
  .strict()
  .superRefine((r, c) => {
    if (r.kind === 'status' && r.status === undefined)
      c.addIssue({ code: 'custom', message: "kind 'status' needs status", path: ['status'] });
    if (r.kind === 'delay' && r.delayMs === undefined)
      c.addIssue({ code: 'custom', message: "kind 'delay' needs delayMs", path: ['delayMs'] });
    if (r.times !== undefined && r.probability !== undefined) {
      c.addIssue({ code: 'custom', message: 'use times or probability, not both', path: ['probability'] });
    }
  });
export type FaultRule = z.infer<typeof FaultRule>;

export const FaultPlan = z
  .object({
    rules: z.array(FaultRule).max(100),
    /** Seed for `probability` draws, so a failing run can be replayed. */
    seed: z.number().int().optional(),
  })
  .strict();
export type FaultPlan = z.infer<typeof FaultPlan>;
