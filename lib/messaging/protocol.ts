import { z } from 'zod';
import { CatalogMessages } from './payloads/catalog';
import { PatientMessages } from './payloads/patient';
import { ReferralMessages } from './payloads/referral';
import { WorkstationMessages } from './payloads/workstation';

/**
 * The ONE protocol between extension contexts. Each message names who may send it:
 * - 'content': the EMR content script, accepted only from a tab's top frame on an allowed EMR origin;
 * - 'extension': extension pages (side panel, options), accepted only from this extension's own origin.
 * There is deliberately no generic "fetch this URL" message.
 */
export const PROTOCOL = {
  ...PatientMessages,
  ...ReferralMessages,
  ...CatalogMessages,
  ...WorkstationMessages,
} as const;

export type Protocol = typeof PROTOCOL;
export type MessageType = keyof Protocol;
export type RequestOf<T extends MessageType> = z.output<Protocol[T]['request']>;
export type RequestInputOf<T extends MessageType> = z.input<Protocol[T]['request']>;
export type ResponseOf<T extends MessageType> = z.output<Protocol[T]['response']>;

export const MESSAGE_TYPES = Object.keys(PROTOCOL) as MessageType[];

/** The wire envelope. `v` lets a future protocol change be rejected cleanly instead of misread. */
export const Envelope = z.object({
  v: z.literal(1),
  type: z.string().max(60),
  payload: z.unknown(),
});

export const Reply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string().max(200) }),
]);
export type Reply = z.infer<typeof Reply>;
