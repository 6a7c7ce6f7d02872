import { describe, expect, it } from 'vitest';
import { readDraft } from '@/lib/screening/draft';
import {
  draftSafetyConcern,
  extrasOffered,
  keyAction,
  possibleNeeds,
  queueFor,
  toggleOption,
} from '@/lib/screening/flow';
import { INSTRUMENTS } from '@/lib/screening/instruments';
import {
  initialState,
  screenReducer,
  type ScreenAction,
  type ScreenState,
} from '@/entrypoints/sidepanel/screening/state';
import { EMPTY_VISIT } from '@/lib/visit/schema';

const ALL = [
  'ahc-hrsn-core',
  'ahc-financial-strain',
  'ahc-loneliness',
  'hunger-vital-sign',
  'ucla-3',
  'lsns-6',
  'poverty',
] as const;
const NOW = new Date('2025-03-12T18:20:00Z');
let uuid = 0;
const ids = () =>
  Array.from({ length: 8 }, () => `00000000-0000-4000-8000-${String(++uuid).padStart(12, '0')}`);

function run(state: ScreenState, actions: ScreenAction[]): ScreenState {
  return actions.reduce(screenReducer, state);
}
const keys = (...ks: string[]): ScreenAction[] => ks.map((key) => ({ type: 'key', key, now: NOW }));
const start = (path: 'full' | 'isolation', enabled: readonly (typeof ALL)[number][] = ALL): ScreenAction => ({
  type: 'start',
  path,
  enabled,
  lang: 'en',
  now: NOW,
  ids: ids(),
});

describe('queues', () => {
  it('full = AHC core + the extras ticked, in a fixed order; HVS only when the AHC core is off', () => {
    expect(queueFor('full', ALL)).toEqual(['ahc-hrsn-core']);
    expect(queueFor('full', ALL, ['lsns-6', 'poverty', 'hunger-vital-sign'])).toEqual([
      'ahc-hrsn-core',
      'poverty',
      'lsns-6',
    ]);
    expect(extrasOffered(ALL)).not.toContain('hunger-vital-sign');
    expect(extrasOffered(['hunger-vital-sign', 'poverty'])).toEqual(['poverty', 'hunger-vital-sign']);
    expect(queueFor('full', ['ucla-3'])).toEqual([]);
  });

  it('isolation = UCLA-3, LSNS-6, AHC loneliness item (those enabled)', () => {
    expect(queueFor('isolation', ALL)).toEqual(['ucla-3', 'lsns-6', 'ahc-loneliness']);
    expect(queueFor('isolation', ['lsns-6', 'poverty'])).toEqual(['lsns-6']);
  });
});

describe('keyAction', () => {
  const ahc = INSTRUMENTS['ahc-hrsn-core'];
  const living = ahc.items[0]!;
  const problems = ahc.items[1]!;

  it('single choice: 1..n answer and advance, n and 0 are prefer-not-to-answer, beyond n nothing', () => {
    expect(keyAction('1', living)).toEqual({ type: 'answer', value: 'LA31993-1', advance: true });
    expect(keyAction('3', living)).toEqual({ type: 'answer', value: 'LA31995-6', advance: true });
    expect(keyAction('4', living)).toEqual({ type: 'answer', value: 'declined', advance: true });
    expect(keyAction('0', living)).toEqual({ type: 'answer', value: 'declined', advance: true });
    expect(keyAction('5', living)).toBeNull();
    expect(keyAction('a', living)).toBeNull();
    expect(keyAction('Enter', living)).toEqual({ type: 'next' });
    expect(keyAction('Backspace', living)).toEqual({ type: 'back' });
  });

  it('multiple choice: numbers toggle; None of the above and 0 answer and advance', () => {
    expect(keyAction('1', problems)).toMatchObject({ type: 'toggle', option: { value: 'LA31996-4' } });
    expect(keyAction('8', problems)).toEqual({ type: 'answer', value: ['LA9-3'], advance: true });
    expect(keyAction('9', problems)).toEqual({ type: 'answer', value: ['declined'], advance: true });
    expect(keyAction('0', problems)).toEqual({ type: 'answer', value: ['declined'], advance: true });
  });

  it('toggling clears exclusive answers and vice versa', () => {
    const [pests, mold] = problems.options;
    const none = problems.options[7]!;
    expect(toggleOption(problems, ['LA9-3'], pests!)).toEqual(['LA31996-4']);
    expect(toggleOption(problems, ['LA31996-4'], mold!)).toEqual(['LA31996-4', 'LA28580-1']);
    expect(toggleOption(problems, ['LA31996-4', 'LA28580-1'], pests!)).toEqual(['LA28580-1']);
    expect(toggleOption(problems, ['LA31996-4'], none)).toEqual(['LA9-3']);
  });

  it('LSNS-6 numbers: 1 = None (0) … 6 = Nine or more (5), 7 and 0 = declined', () => {
    const item = INSTRUMENTS['lsns-6'].items[0]!;
    expect(keyAction('1', item)).toMatchObject({ value: 0 });
    expect(keyAction('6', item)).toMatchObject({ value: 5 });
    expect(keyAction('7', item)).toMatchObject({ value: 'declined' });
    expect(keyAction('0', item)).toMatchObject({ value: 'declined' });
  });
});

describe('screen reducer: the AHC core by keyboard', () => {
  it('start + 10 number keys = 11 inputs records a scored screening and shows results', () => {
    const s = run(initialState(EMPTY_VISIT), [
      start('full'),
      ...keys('2', '8', '1', '2', '2', '2', '1', '1', '1', '1'),
    ]);
    expect(s.mode).toBe('results');
    expect(s.visit.screeningDraft).toBeNull();
    expect(s.visit.screenings).toHaveLength(1);
    const [ahc] = s.visit.screenings;
    expect(ahc!.answers).toEqual({
      '71802-3': 'LA31994-9',
      '96778-6': ['LA9-3'],
      '88122-7': 'LA28397-0',
      '88123-5': 'LA6729-3',
      '93030-5': 'LA32-8',
      '96779-4': 'LA32-8',
      '95618-5': 'LA6270-8',
      '95617-7': 'LA6270-8',
      '95616-9': 'LA6270-8',
      '95615-1': 'LA6270-8',
    });
    expect(ahc!.result).toEqual({
      complete: true,
      positiveDomains: ['housing-instability', 'food-insecurity'],
      totals: { '95614-4': 4 },
      safetyConcern: false,
    });
    expect(possibleNeeds(s.visit)).toEqual(['housing-instability', 'food-insecurity']);
  });

  it('multi-select by ticks then Enter; Enter without an answer asks for one; Backspace goes back', () => {
    let s = run(initialState(EMPTY_VISIT), [start('full'), ...keys('1', '1', '2')]);
    expect(s.visit.screeningDraft!.at.item).toBe(1);
    s = run(s, keys('Enter'));
    expect(s.visit.screeningDraft!.at.item).toBe(2);
    expect(s.visit.screeningDraft!.answers['ahc-hrsn-core']!['96778-6']).toEqual(['LA31996-4', 'LA28580-1']);
    s = run(s, keys('Enter'));
    expect(s.notice).toBe('answer-required');
    expect(s.visit.screeningDraft!.at.item).toBe(2);
    s = run(s, keys('Backspace', 'Backspace'));
    expect(s.visit.screeningDraft!.at.item).toBe(0);
    expect(run(s, keys('Backspace')).visit.screeningDraft!.at.item).toBe(0); // at the start: stays
  });

  it('the safety concern is visible from the draft the moment "physically hurt" is answered above Never', () => {
    const s = run(initialState(EMPTY_VISIT), [start('full'), ...keys('1', '8', '3', '3', '2', '2', '2')]);
    expect(s.visit.screeningDraft!.at.item).toBe(7);
    expect(draftSafetyConcern(s.visit.screeningDraft!)).toBe(true);
  });

  it('isolation path runs three questionnaires; Backspace crosses back into the previous one', () => {
    let s = run(initialState(EMPTY_VISIT), [start('isolation'), ...keys('3', '2', '2')]);
    expect(s.visit.screenings.map((x) => x.instrumentId)).toEqual(['ucla-3']);
    expect(s.visit.screenings[0]!.result.totals).toEqual({ 'ucla-3': 7 });
    s = run(s, keys('Backspace'));
    expect(s.visit.screeningDraft!.at).toEqual({ instrument: 0, item: 2 });
    s = run(s, keys('1')); // change the last UCLA answer: the recorded screening is replaced, not duplicated
    expect(s.visit.screenings).toHaveLength(1);
    expect(s.visit.screenings[0]!.result.totals).toEqual({ 'ucla-3': 6 });
    s = run(s, keys('2', '2', '2', '2', '2', '2', '5'));
    expect(s.mode).toBe('results');
    expect(s.visit.screenings.map((x) => x.instrumentId)).toEqual(['ucla-3', 'lsns-6', 'ahc-loneliness']);
    expect(possibleNeeds(s.visit)).toEqual(['social-connection']);
  });

  it('drafts resume from the visit; unreadable drafts are dropped', () => {
    const s = run(initialState(EMPTY_VISIT), [start('full'), ...keys('1', '8')]);
    const resumed = initialState(s.visit);
    expect(resumed.mode).toBe('questions');
    expect(resumed.notice).toBe('resumed');
    expect(resumed.visit.screeningDraft!.at.item).toBe(2);
    expect(
      readDraft({ ...s.visit, screeningDraft: { ...s.visit.screeningDraft, queue: ['nope'] } }),
    ).toBeNull();
    expect(
      readDraft({
        ...s.visit,
        screeningDraft: { ...s.visit.screeningDraft!, at: { instrument: 5, item: 0 } },
      }),
    ).toBeNull();
  });

  it('an external visit without the draft field keeps the local draft; with an explicit null it clears', () => {
    const s = run(initialState(EMPTY_VISIT), [start('full'), ...keys('1')]);
    const kept = screenReducer(s, {
      type: 'external',
      visit: { ...EMPTY_VISIT, confirmedNeeds: ['stress'] },
    });
    expect(kept.visit.screeningDraft).toEqual(s.visit.screeningDraft);
    expect(kept.visit.confirmedNeeds).toEqual(['stress']);
    const cleared = screenReducer(s, { type: 'external', visit: { ...EMPTY_VISIT, screeningDraft: null } });
    expect(cleared.visit.screeningDraft).toBeNull();
  });

  it('results: number keys tick the nth need; quick path toggles needs directly', () => {
    let s = run(initialState(EMPTY_VISIT), [
      start('full'),
      ...keys('2', '8', '1', '2', '2', '2', '1', '1', '1', '1'),
    ]);
    s = run(s, keys('2'));
    expect(s.visit.confirmedNeeds).toEqual(['food-insecurity']);
    s = run(s, keys('2', '9'));
    expect(s.visit.confirmedNeeds).toEqual([]);
    s = run(s, [
      { type: 'mode', mode: 'quick' },
      { type: 'toggle-need', need: 'digital-access' },
    ]);
    expect(s.visit.confirmedNeeds).toEqual(['digital-access']);
    expect(run(s, keys('1')).visit.confirmedNeeds).toEqual(['digital-access']); // keys do nothing outside the flow
  });
});
