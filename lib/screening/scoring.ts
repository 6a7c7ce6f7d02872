import { z } from 'zod';
import type { SdohCategory, ScoreResult } from '@/lib/visit/schema';
import { SAFETY_ANY_ABOVE_NEVER, SAFETY_NEVER } from './instruments/ahc-hrsn-core';
import { INSTRUMENTS } from './instruments';
import {
  DECLINED,
  INSTRUMENT_IDS,
  type AnswerOption,
  type Instrument,
  type InstrumentId,
  type Item,
} from './types';

/**
 * Scoring rules (screening-instruments.md): pure, no I/O.
 *
 * - "declined" (prefer not to answer) and the instrument's own "don't know/refused" are data-absent: they never count
 *   as a negative answer, so a result with any of them (or any unanswered item) is `complete: false`.
 * - Positive domains come only from answers the instrument marks positive; a domain is reported as soon as an answered
 *   item shows it, even if other items are missing (a positive answer stays positive).
 * - Totals are reported only when every summed item is answered (NYeC: all four AHC safety items are needed).
 * - Safety (AHC items 7–10): any answer other than "Never" to 95618-5 (physically hurt) or 95616-9 (threaten with harm)
 *   sets `safetyConcern` whatever the total (De Marchis et al.); so does a total ≥ 11, and — safety first — answered
 *   items that already reach 11 with the lowest possible score (1) for the unanswered ones. Safety items never add a
 *   routine `positiveDomains` entry: they route to the clinician, not to a referral.
 */

/** Thresholds the reference calls conventions (or leaves unverified); defaults follow the reference. */
export const ScoringOptions = z.strictObject({
  /** UCLA-3 total ≥ this → social-connection (research convention 6, "3–5 not lonely, 6–9 lonely"). */
  ucla3Threshold: z.number().int().min(3).max(10).default(6),
  /** LSNS-6 total < this → social-connection (Lubben 2006 cut-point 12). */
  lsns6Threshold: z.number().int().min(0).max(31).default(12),
  /** AHC loneliness (93159-2) answers counted positive (UNVERIFIED; commonly Often/Always). */
  lonelinessPositive: z
    .array(z.enum(['LA6270-8', 'LA10066-1', 'LA10082-8', 'LA10044-8', 'LA9933-8']))
    .default(['LA10044-8', 'LA9933-8']),
  /** AHC financial strain (76513-1) answers counted positive (UNVERIFIED; NYeC bold: very/somewhat hard). */
  financialStrainPositive: z
    .array(z.enum(['LA15832-1', 'LA22683-9', 'LA31980-8']))
    .default(['LA15832-1', 'LA22683-9']),
});
export type ScoringOptions = z.input<typeof ScoringOptions>;
type Resolved = z.output<typeof ScoringOptions>;

/** AHC safety total: > 10 is positive (CMS, from HITS). Fixed by the instrument, not a convention. */
export const AHC_SAFETY_POSITIVE = 11;

export class ScreeningInputError extends Error {
  override name = 'ScreeningInputError';
}

export type ItemState =
  | { kind: 'missing' }
  | { kind: 'declined' }
  /** The instrument's own "don't know/refused" answer: recorded, scored as data-absent. */
  | { kind: 'absent'; option: AnswerOption }
  | { kind: 'answered'; options: AnswerOption[]; positive: SdohCategory[] };

export interface ItemAnalysis {
  item: Item;
  state: ItemState;
}

export function getInstrument(id: string): Instrument {
  if (!(INSTRUMENT_IDS as readonly string[]).includes(id)) {
    throw new ScreeningInputError(
      `unknown instrument "${id}" (expected one of: ${INSTRUMENT_IDS.join(', ')})`,
    );
  }
  return INSTRUMENTS[id as InstrumentId];
}

function findOption(item: Item, raw: unknown): AnswerOption {
  const wanted = typeof raw === 'number' || typeof raw === 'string' ? String(raw).trim() : undefined;
  const hit =
    wanted === undefined
      ? undefined
      : item.options.find(
          (o) =>
            String(o.value) === wanted ||
            String(o.value).toLowerCase() === wanted.toLowerCase() ||
            (o.code !== undefined && o.code.code === wanted),
        );
  if (!hit) {
    const allowed = item.options.map((o) => JSON.stringify(o.value)).join(', ');
    throw new ScreeningInputError(
      `item ${item.linkId}: ${JSON.stringify(raw)} is not an answer (expected ${allowed})`,
    );
  }
  return hit;
}

function positiveOf(item: Item, option: AnswerOption, opts: Resolved): SdohCategory[] {
  if (item.linkId === '93159-2')
    return opts.lonelinessPositive.includes(option.value as never) ? ['social-connection'] : [];
  if (item.linkId === '76513-1')
    return opts.financialStrainPositive.includes(option.value as never) ? ['financial-insecurity'] : [];
  return [...(option.positive ?? [])];
}

const isBlank = (raw: unknown) =>
  raw === undefined ||
  raw === null ||
  (typeof raw === 'string' && raw.trim() === '') ||
  (Array.isArray(raw) && !raw.length);

function itemState(item: Item, raw: unknown, opts: Resolved): ItemState {
  if (isBlank(raw)) return { kind: 'missing' };
  const values = Array.isArray(raw) ? [...new Set(raw)] : [raw];
  if (!item.multiple && values.length > 1) {
    throw new ScreeningInputError(`item ${item.linkId}: one answer expected, got ${values.length}`);
  }
  const options = values.map((v) => findOption(item, v));
  const exclusive = options.find((o) => o.exclusive);
  if (exclusive && options.length > 1) {
    throw new ScreeningInputError(
      `item ${item.linkId}: ${JSON.stringify(exclusive.value)} cannot be combined with other answers`,
    );
  }
  const first = options[0]!;
  if (first.value === DECLINED) return { kind: 'declined' };
  if (first.dataAbsent) return { kind: 'absent', option: first };
  const positive = [...new Set(options.flatMap((o) => positiveOf(item, o, opts)))];
  return { kind: 'answered', options, positive };
}

/** Parses and checks every answer against the instrument. Throws ScreeningInputError on anything it cannot read. */
export function analyseAnswers(
  instrumentId: string,
  answers: unknown,
  options: ScoringOptions = {},
): { instrument: Instrument; items: ItemAnalysis[]; options: Resolved } {
  const instrument = getInstrument(instrumentId);
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    throw new ScreeningInputError(`${instrumentId}: answers must be an object keyed by item linkId`);
  }
  const parsed = ScoringOptions.safeParse(options);
  if (!parsed.success)
    throw new ScreeningInputError(`${instrumentId}: bad scoring options: ${parsed.error.message}`);
  const record = answers as Record<string, unknown>;
  const known = new Set(instrument.items.map((i) => i.linkId));
  const unknown = Object.keys(record).filter((k) => !known.has(k));
  if (unknown.length) {
    throw new ScreeningInputError(
      `${instrumentId}: unknown item(s) ${unknown.join(', ')} (expected ${[...known].join(', ')})`,
    );
  }
  const items = instrument.items.map((item) => ({
    item,
    state: itemState(item, record[item.linkId], parsed.data),
  }));
  return { instrument, items, options: parsed.data };
}

const scoreOf = (s: ItemState) => (s.kind === 'answered' ? (s.options[0]?.score ?? 0) : undefined);

/** Sum of the scored items, or undefined when any of them lacks an answer. */
function total(items: readonly ItemAnalysis[], linkIds: readonly string[]): number | undefined {
  let sum = 0;
  for (const id of linkIds) {
    const s = items.find((a) => a.item.linkId === id);
    const v = s && scoreOf(s.state);
    if (v === undefined) return undefined;
    sum += v;
  }
  return sum;
}

function ahcSafetyConcern(
  items: readonly ItemAnalysis[],
  safetyIds: readonly string[],
  totalValue: number | undefined,
) {
  const aboveNever = items.some(
    (a) =>
      (SAFETY_ANY_ABOVE_NEVER as readonly string[]).includes(a.item.linkId) &&
      a.state.kind === 'answered' &&
      a.state.options[0]?.value !== SAFETY_NEVER,
  );
  if (aboveNever) return true;
  if (totalValue !== undefined) return totalValue >= AHC_SAFETY_POSITIVE;
  // Incomplete: the least the total can be, with every unanswered item at its minimum score (1).
  const lowest = safetyIds.reduce((sum, id) => {
    const a = items.find((x) => x.item.linkId === id);
    return sum + ((a && scoreOf(a.state)) ?? 1);
  }, 0);
  return lowest >= AHC_SAFETY_POSITIVE;
}

/**
 * Scores one instrument. `answers` are keyed by item linkId (see the screening issue for ids and values); throws
 * ScreeningInputError for an unknown instrument, item or answer.
 */
export function scoreScreening(
  instrumentId: string,
  answers: unknown,
  options: ScoringOptions = {},
): ScoreResult {
  const { instrument, items, options: opts } = analyseAnswers(instrumentId, answers, options);
  const positive: string[] = [];
  const add = (d: string) => {
    if (!positive.includes(d)) positive.push(d);
  };
  for (const a of items) if (a.state.kind === 'answered') a.state.positive.forEach(add);

  const totals: Record<string, number> = {};
  let safetyConcern = false;
  for (const d of instrument.totals) {
    const value = total(items, d.items);
    if (value !== undefined) totals[d.key] = value;
    if (d.key === '95614-4') safetyConcern = ahcSafetyConcern(items, d.items, value);
    if (d.key === 'ucla-3' && value !== undefined && value >= opts.ucla3Threshold) add('social-connection');
    if (d.key === 'lsns-6' && value !== undefined && value < opts.lsns6Threshold) add('social-connection');
  }
  return {
    complete: items.every((a) => a.state.kind === 'answered'),
    positiveDomains: positive,
    totals,
    safetyConcern,
  };
}
