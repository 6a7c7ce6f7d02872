import { z } from 'zod';

export const CatalogMessages = {
  /** options / side panel → background: sync the catalog now. Progress is published in catalogMeta. */
  'catalog.sync': {
    from: 'extension',
    request: z.object({ mode: z.enum(['auto', 'full']).default('auto') }),
    response: z.object({ started: z.boolean() }),
  },
  /** side panel → background: "report a problem with this listing" (queued offline if needed). */
  'listing.report': {
    from: 'extension',
    request: z.object({
      serviceId: z.string().min(1).max(100),
      kind: z.enum(['closed', 'wrong-contact', 'wrong-hours', 'wrong-eligibility', 'other']),
      comment: z.string().max(1000),
    }),
    response: z.object({ queued: z.boolean() }),
  },
} as const;
