import { z } from 'zod';
import { INSTRUMENT_IDS } from './types';

/**
 * An in-progress screening, kept in the visit (the shell stores the visit encrypted per patient and purges it on
 * patient change), so the panel resumes where it stopped. No runtime import from lib/visit: lib/visit/schema.ts may
 * import this schema for its `screeningDraft` field without a cycle.
 */

/** Same shape as lib/visit/schema.ts `Answer`. */
export const DraftAnswer = z.union([z.string().max(40), z.number(), z.array(z.string().max(40)).max(20)]);
export type DraftAnswer = z.infer<typeof DraftAnswer>;

export const ScreeningPath = z.enum(['full', 'isolation']);
export type ScreeningPath = z.infer<typeof ScreeningPath>;

export const InstrumentIdSchema = z.enum(INSTRUMENT_IDS);

export const ScreeningDraft = z.object({
  path: ScreeningPath,
  queue: z.array(InstrumentIdSchema).min(1).max(INSTRUMENT_IDS.length),
  /** Current position: index into `queue`, index into that instrument's items. */
  at: z.object({ instrument: z.number().int().min(0), item: z.number().int().min(0) }),
  /** Answers per instrument id, keyed by item linkId. */
  answers: z.record(z.string().max(40), z.record(z.string().max(40), DraftAnswer)),
  /** CompletedScreening ids, one per instrument, fixed at start so re-completing an instrument replaces it. */
  ids: z.record(z.string().max(40), z.uuid()),
  startedAt: z.iso.datetime(),
  language: z.enum(['en', 'fr']),
});
export type ScreeningDraft = z.infer<typeof ScreeningDraft>;

/** Reads the draft off a visit; anything unreadable is treated as no draft (never shown half-valid). */
export function readDraft(visit: unknown): ScreeningDraft | null {
  if (typeof visit !== 'object' || visit === null) return null;
  const raw = (visit as { screeningDraft?: unknown }).screeningDraft;
  if (raw === undefined || raw === null) return null;
  const parsed = ScreeningDraft.safeParse(raw);
  if (!parsed.success) return null;
  const d = parsed.data;
  return d.at.instrument < d.queue.length ? d : null;
}
