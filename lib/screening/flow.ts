import { CompletedScreening, SdohCategory, type Visit } from '@/lib/visit/schema';
import type { DraftAnswer, ScreeningDraft, ScreeningPath } from './draft';
import { INSTRUMENTS } from './instruments';
import { scoreScreening, type ScoringOptions } from './scoring';
import { DECLINED, type AnswerOption, type InstrumentId, type Item } from './types';

/**
 * The screening flow as pure functions (the React screen only wires keys and clicks to these), so the keyboard
 * behaviour is unit-tested without a DOM.
 */

/** Extras offered on the full screen, in the order they are asked after the AHC core. */
export const FULL_EXTRAS: readonly InstrumentId[] = [
  'ahc-financial-strain',
  'ahc-loneliness',
  'poverty',
  'ucla-3',
  'lsns-6',
  // The AHC core already asks the two Hunger Vital Sign items; offered only when the clinic disables the AHC core.
  'hunger-vital-sign',
];
export const ISOLATION_QUEUE: readonly InstrumentId[] = ['ucla-3', 'lsns-6', 'ahc-loneliness'];

export function extrasOffered(enabled: readonly InstrumentId[]): InstrumentId[] {
  const core = enabled.includes('ahc-hrsn-core');
  return FULL_EXTRAS.filter((id) => enabled.includes(id) && !(core && id === 'hunger-vital-sign'));
}

export function queueFor(
  path: ScreeningPath,
  enabled: readonly InstrumentId[],
  extras: readonly InstrumentId[] = [],
): InstrumentId[] {
  if (path === 'isolation') return ISOLATION_QUEUE.filter((id) => enabled.includes(id));
  const offered = extrasOffered(enabled);
  return [
    ...(enabled.includes('ahc-hrsn-core') ? (['ahc-hrsn-core'] as const) : []),
    ...offered.filter((id) => extras.includes(id)),
  ];
}

export function startDraft(
  path: ScreeningPath,
  queue: readonly InstrumentId[],
  language: 'en' | 'fr',
  now: Date,
  newId: () => string = () => crypto.randomUUID(),
): ScreeningDraft {
  if (!queue.length) throw new Error('screening: nothing to ask (no enabled instrument for this path)');
  return {
    path,
    queue: [...queue],
    at: { instrument: 0, item: 0 },
    answers: {},
    ids: Object.fromEntries(queue.map((id) => [id, newId()])),
    startedAt: now.toISOString(),
    language,
  };
}

export function currentInstrumentId(d: ScreeningDraft): InstrumentId {
  return d.queue[d.at.instrument]!;
}
export function currentItem(d: ScreeningDraft): Item {
  const inst = INSTRUMENTS[currentInstrumentId(d)];
  return inst.items[Math.min(d.at.item, inst.items.length - 1)]!;
}
export function currentAnswer(d: ScreeningDraft): DraftAnswer | undefined {
  return d.answers[currentInstrumentId(d)]?.[currentItem(d).linkId];
}

export const isAnswered = (v: DraftAnswer | undefined): boolean =>
  v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);

export type KeyAction =
  | { type: 'answer'; value: DraftAnswer; advance: boolean }
  | { type: 'toggle'; option: AnswerOption }
  | { type: 'next' }
  | { type: 'back' };

/**
 * Keys on a question: 1..n pick the nth option (n includes "prefer not to answer", always last), 0 = prefer not to
 * answer. Single choice: picking answers and moves on. Multiple choice: numbers toggle, an exclusive option ("None of
 * the above", "prefer not to answer") answers and moves on. Enter = next, Backspace = back.
 */
export function keyAction(key: string, item: Item): KeyAction | null {
  if (key === 'Enter') return { type: 'next' };
  if (key === 'Backspace') return { type: 'back' };
  if (!/^[0-9]$/.test(key)) return null;
  const n = Number(key);
  const option = n === 0 ? item.options.find((o) => o.value === DECLINED) : item.options[n - 1];
  if (!option) return null;
  if (item.multiple && !option.exclusive) return { type: 'toggle', option };
  return { type: 'answer', value: item.multiple ? [String(option.value)] : option.value, advance: true };
}

/** Multiple choice: toggles an option; exclusive options clear the rest and are cleared by any other choice. */
export function toggleOption(item: Item, current: DraftAnswer | undefined, option: AnswerOption): string[] {
  const value = String(option.value);
  const selected = Array.isArray(current) ? current : typeof current === 'string' ? [current] : [];
  if (option.exclusive) return selected.includes(value) ? [] : [value];
  const exclusive = new Set(item.options.filter((o) => o.exclusive).map((o) => String(o.value)));
  const kept = selected.filter((v) => !exclusive.has(v));
  return kept.includes(value) ? kept.filter((v) => v !== value) : [...kept, value];
}

export function setAnswer(d: ScreeningDraft, value: DraftAnswer): ScreeningDraft {
  const id = currentInstrumentId(d);
  const linkId = currentItem(d).linkId;
  const next = { ...(d.answers[id] ?? {}) };
  if (isAnswered(value)) next[linkId] = value;
  else delete next[linkId];
  return { ...d, answers: { ...d.answers, [id]: next } };
}

export type Step =
  | { kind: 'moved'; draft: ScreeningDraft; completed?: InstrumentId }
  | { kind: 'finished'; draft: ScreeningDraft; completed: InstrumentId }
  | { kind: 'needs-answer' }
  | { kind: 'at-start' };

/** Moves to the next item; completing an instrument's last item reports it so the caller records the screening. */
export function advance(d: ScreeningDraft): Step {
  if (!isAnswered(currentAnswer(d))) return { kind: 'needs-answer' };
  const id = currentInstrumentId(d);
  const count = INSTRUMENTS[id].items.length;
  if (d.at.item + 1 < count) return { kind: 'moved', draft: { ...d, at: { ...d.at, item: d.at.item + 1 } } };
  if (d.at.instrument + 1 < d.queue.length) {
    return {
      kind: 'moved',
      draft: { ...d, at: { instrument: d.at.instrument + 1, item: 0 } },
      completed: id,
    };
  }
  return { kind: 'finished', draft: d, completed: id };
}

export function retreat(d: ScreeningDraft): Step {
  if (d.at.item > 0) return { kind: 'moved', draft: { ...d, at: { ...d.at, item: d.at.item - 1 } } };
  if (d.at.instrument === 0) return { kind: 'at-start' };
  const prev = d.queue[d.at.instrument - 1]!;
  return {
    kind: 'moved',
    draft: { ...d, at: { instrument: d.at.instrument - 1, item: INSTRUMENTS[prev].items.length - 1 } },
  };
}

/** The scored screening for one instrument of the draft. */
export function completeInstrument(
  d: ScreeningDraft,
  id: InstrumentId,
  now: Date,
  scoring?: ScoringOptions,
): CompletedScreening {
  const answers = d.answers[id] ?? {};
  return CompletedScreening.parse({
    id: d.ids[id],
    instrumentId: id,
    answers,
    result: scoreScreening(id, answers, scoring),
    completedAt: now.toISOString(),
    language: d.language,
  });
}

/** Adds or replaces (same id) a completed screening; the visit keeps at most 20, oldest dropped first. */
export function recordScreening(visit: Visit, s: CompletedScreening): Visit {
  const others = visit.screenings.filter((x) => x.id !== s.id);
  return { ...visit, screenings: [...others, s].slice(-20) };
}

/** The most recent screening of each instrument in the visit. */
export function latestScreenings(visit: Visit): CompletedScreening[] {
  const latest = new Map<string, CompletedScreening>();
  for (const s of visit.screenings) {
    const prev = latest.get(s.instrumentId);
    if (!prev || prev.completedAt <= s.completedAt) latest.set(s.instrumentId, s);
  }
  return [...latest.values()];
}

/** Possible needs (positive domains) across the latest screenings, in a stable order. Never includes safety. */
export function possibleNeeds(visit: Visit): SdohCategory[] {
  const out: SdohCategory[] = [];
  for (const s of latestScreenings(visit)) {
    for (const d of s.result.positiveDomains) {
      const parsed = SdohCategory.safeParse(d);
      if (parsed.success && parsed.data !== 'interpersonal-safety' && !out.includes(parsed.data))
        out.push(parsed.data);
    }
  }
  return out;
}

export const visitHasSafetyConcern = (visit: Visit): boolean =>
  latestScreenings(visit).some((s) => s.result.safetyConcern);

/** Live safety check on the answers so far (the panel must appear as soon as a safety answer is given). */
export function draftSafetyConcern(d: ScreeningDraft | null): boolean {
  const answers = d?.answers['ahc-hrsn-core'];
  if (!answers) return false;
  try {
    return scoreScreening('ahc-hrsn-core', answers).safetyConcern;
  } catch {
    return false; // unreadable draft answers are rejected when the instrument is completed
  }
}

/** Number of items declined or left unanswered in a screening. */
export function declinedCount(s: CompletedScreening): number {
  const inst = INSTRUMENTS[s.instrumentId as InstrumentId];
  if (!inst) return 0;
  return inst.items.filter((i) => {
    const v = s.answers[i.linkId];
    return !isAnswered(v) || v === DECLINED || (Array.isArray(v) && v.includes(DECLINED));
  }).length;
}

export const toggleNeed = (needs: readonly SdohCategory[], need: SdohCategory): SdohCategory[] =>
  needs.includes(need) ? needs.filter((n) => n !== need) : [...needs, need];
