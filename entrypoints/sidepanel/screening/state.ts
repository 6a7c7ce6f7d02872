import type { Visit, WhatMatters, SdohCategory } from '@/lib/visit/schema';
import { readDraft, type DraftAnswer, type ScreeningDraft, type ScreeningPath } from '@/lib/screening/draft';
import {
  advance,
  completeInstrument,
  currentAnswer,
  currentItem,
  keyAction,
  queueFor,
  recordScreening,
  retreat,
  setAnswer,
  startDraft,
  toggleNeed,
  toggleOption,
  possibleNeeds,
} from '@/lib/screening/flow';
import type { AnswerOption, InstrumentId } from '@/lib/screening/types';

/**
 * The screening screen's state as one pure reducer: every key press is applied to the latest state (never to a stale
 * closure), so fast typing — an e2e test, or a clinician who knows the answers — cannot lose or misplace an answer.
 */

/** The visit as the screen holds it: `screeningDraft` is kept alongside until lib/visit/schema.ts declares it. */
export type ScreenVisit = Visit & { screeningDraft?: ScreeningDraft | null };

export type Mode = 'home' | 'questions' | 'results' | 'quick' | 'what-matters';
export type Notice = 'answer-required' | 'resumed' | null;

export interface ScreenState {
  visit: ScreenVisit;
  mode: Mode;
  notice: Notice;
  extras: InstrumentId[];
  /** Bumped on every navigation so the view can move focus even when the mode stays the same. */
  focusTick: number;
}

export type ScreenAction =
  | {
      type: 'start';
      path: ScreeningPath;
      enabled: readonly InstrumentId[];
      lang: 'en' | 'fr';
      now: Date;
      ids: readonly string[];
    }
  | { type: 'key'; key: string; now: Date }
  | { type: 'pick'; value: DraftAnswer }
  | { type: 'toggle'; option: AnswerOption }
  | { type: 'next'; now: Date }
  | { type: 'back' }
  | { type: 'mode'; mode: Mode }
  | { type: 'pause' }
  | { type: 'discard' }
  | { type: 'toggle-extra'; id: InstrumentId }
  | { type: 'toggle-need'; need: SdohCategory }
  | { type: 'what-matters'; value: WhatMatters }
  | { type: 'external'; visit: ScreenVisit };

export function initialState(visit: ScreenVisit): ScreenState {
  const draft = readDraft(visit);
  return {
    visit: { ...visit, screeningDraft: draft },
    mode: draft ? 'questions' : 'home',
    notice: draft ? 'resumed' : null,
    extras: [],
    focusTick: 0,
  };
}

const withDraft = (
  s: ScreenState,
  draft: ScreeningDraft | null,
  patch: Partial<ScreenState> = {},
): ScreenState => ({
  ...s,
  visit: { ...s.visit, screeningDraft: draft },
  ...patch,
});

function move(s: ScreenState, draft: ScreeningDraft, dir: 'next' | 'back', now = new Date()): ScreenState {
  const step = dir === 'next' ? advance(draft) : retreat(draft);
  if (step.kind === 'needs-answer') return { ...s, notice: 'answer-required' };
  if (step.kind === 'at-start') return s;
  let visit: ScreenVisit = s.visit;
  if (step.completed) visit = recordScreening(visit, completeInstrument(step.draft, step.completed, now));
  const focusTick = s.focusTick + 1;
  if (step.kind === 'finished') {
    return { ...s, visit: { ...visit, screeningDraft: null }, mode: 'results', notice: null, focusTick };
  }
  return { ...s, visit: { ...visit, screeningDraft: step.draft }, notice: null, focusTick };
}

export function screenReducer(s: ScreenState, a: ScreenAction): ScreenState {
  const draft = s.visit.screeningDraft ?? null;
  switch (a.type) {
    case 'start': {
      const queue = queueFor(a.path, a.enabled, s.extras);
      if (!queue.length) return s;
      let i = 0;
      const d = startDraft(a.path, queue, a.lang, a.now, () => a.ids[i++] ?? crypto.randomUUID());
      return withDraft(s, d, { mode: 'questions', notice: null, focusTick: s.focusTick + 1 });
    }
    case 'key': {
      if (s.mode === 'results' && /^[1-9]$/.test(a.key)) {
        const entry = resultNeeds(s.visit)[Number(a.key) - 1];
        return entry ? screenReducer(s, { type: 'toggle-need', need: entry.need }) : s;
      }
      if (s.mode !== 'questions' || !draft) return s;
      const action = keyAction(a.key, currentItem(draft));
      if (!action) return s;
      if (action.type === 'next') return move(s, draft, 'next', a.now);
      if (action.type === 'back') return move(s, draft, 'back', a.now);
      if (action.type === 'toggle') {
        const value = toggleOption(currentItem(draft), currentAnswer(draft), action.option);
        return withDraft(s, setAnswer(draft, value), { notice: null });
      }
      return move(s, setAnswer(draft, action.value), 'next', a.now);
    }
    case 'pick':
      return draft ? withDraft(s, setAnswer(draft, a.value), { notice: null }) : s;
    case 'toggle':
      return draft
        ? withDraft(s, setAnswer(draft, toggleOption(currentItem(draft), currentAnswer(draft), a.option)), {
            notice: null,
          })
        : s;
    case 'next':
      return draft ? move(s, draft, 'next', a.now) : s;
    case 'back':
      return draft ? move(s, draft, 'back') : s; // going back never completes an instrument
    case 'mode':
      return { ...s, mode: a.mode, notice: null, focusTick: s.focusTick + 1 };
    case 'pause':
      return { ...s, mode: 'home', notice: null, focusTick: s.focusTick + 1 };
    case 'discard':
      return withDraft(s, null, { mode: 'home', notice: null, focusTick: s.focusTick + 1 });
    case 'toggle-extra':
      return {
        ...s,
        extras: s.extras.includes(a.id) ? s.extras.filter((x) => x !== a.id) : [...s.extras, a.id],
      };
    case 'toggle-need':
      return { ...s, visit: { ...s.visit, confirmedNeeds: toggleNeed(s.visit.confirmedNeeds, a.need) } };
    case 'what-matters':
      return { ...s, visit: { ...s.visit, whatMatters: a.value } };
    case 'external': {
      // The shell's copy wins for everything it owns; our draft survives if its schema does not carry drafts yet.
      const incoming = a.visit.screeningDraft === undefined ? { ...a.visit, screeningDraft: draft } : a.visit;
      return { ...s, visit: incoming };
    }
  }
}

/** Needs shown in the results: possible needs first, then needs confirmed some other way (quick path). */
export function resultNeeds(visit: Visit): { need: SdohCategory; possible: boolean }[] {
  const possible = possibleNeeds(visit);
  const extra = visit.confirmedNeeds.filter((n) => !possible.includes(n) && n !== 'interpersonal-safety');
  return [
    ...possible.map((need) => ({ need, possible: true })),
    ...extra.map((need) => ({ need, possible: false })),
  ];
}
