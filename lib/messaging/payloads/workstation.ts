import { z } from 'zod';

export const WorkstationMessages = {
  /** options → background: "clear this workstation" (drafts, payloads, receipts, keys). */
  'workstation.clear': {
    from: 'extension',
    request: z.object({ confirm: z.literal(true) }),
    response: z.object({ ok: z.literal(true) }),
  },
} as const;
