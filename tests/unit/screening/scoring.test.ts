import { describe, expect, it } from 'vitest';
import { INSTRUMENTS, ScreeningInputError, scoreScreening } from '@/lib/screening';

const NEVER = 'LA6270-8';
const FREQ = ['LA6270-8', 'LA10066-1', 'LA10082-8', 'LA16644-9', 'LA6482-9'] as const; // scored 1..5

/** A fully answered, negative AHC core screen. */
const ahcNegative = (): Record<string, string | string[]> => ({
  '71802-3': 'LA31993-1',
  '96778-6': ['LA9-3'],
  '88122-7': 'LA28398-8',
  '88123-5': 'LA28398-8',
  '93030-5': 'LA32-8',
  '96779-4': 'LA32-8',
  '95618-5': NEVER,
  '95617-7': NEVER,
  '95616-9': NEVER,
  '95615-1': NEVER,
});

describe('scoreScreening: result shape', () => {
  it('returns exactly { complete, positiveDomains, totals, safetyConcern }', () => {
    const r = scoreScreening('ahc-hrsn-core', ahcNegative());
    expect(Object.keys(r).sort()).toEqual(['complete', 'positiveDomains', 'safetyConcern', 'totals']);
    expect(r).toEqual({
      complete: true,
      positiveDomains: [],
      totals: { '95614-4': 4 },
      safetyConcern: false,
    });
  });

  it('rejects unknown instruments, items, answers and options with a clear error', () => {
    expect(() => scoreScreening('phq-9', {})).toThrow(ScreeningInputError);
    expect(() => scoreScreening('phq-9', {})).toThrow(/unknown instrument "phq-9"/);
    expect(() => scoreScreening('ahc-hrsn-core', { ...ahcNegative(), '12345-6': 'LA33-6' })).toThrow(
      /unknown item/,
    );
    expect(() => scoreScreening('ahc-hrsn-core', { ...ahcNegative(), '93030-5': 'LA6729-3' })).toThrow(
      /item 93030-5: "LA6729-3" is not an answer/,
    );
    expect(() =>
      scoreScreening('ahc-hrsn-core', { ...ahcNegative(), '71802-3': ['LA31993-1', 'LA31994-9'] }),
    ).toThrow(/one answer expected/);
    expect(() => scoreScreening('ahc-hrsn-core', null)).toThrow(/answers must be an object/);
    expect(() => scoreScreening('ahc-hrsn-core', [])).toThrow(/answers must be an object/);
    expect(() => scoreScreening('ucla-3', {}, { ucla3Threshold: 2 })).toThrow(/bad scoring options/);
    expect(() => scoreScreening('ucla-3', {}, { nonsense: 1 } as never)).toThrow(/bad scoring options/);
    expect(() => scoreScreening('ucla-3', { 'ucla3-1': true })).toThrow(ScreeningInputError);
  });

  it('does not mutate the answers it is given', () => {
    const answers = ahcNegative();
    const copy = structuredClone(answers);
    scoreScreening('ahc-hrsn-core', answers);
    expect(answers).toEqual(copy);
  });
});

describe('AHC HRSN core', () => {
  const score = (patch: Record<string, unknown>) =>
    scoreScreening('ahc-hrsn-core', { ...ahcNegative(), ...patch });

  it('items are the ten contract LOINC codes, in the CMS order', () => {
    expect(INSTRUMENTS['ahc-hrsn-core'].items.map((i) => i.linkId)).toEqual([
      '71802-3',
      '96778-6',
      '88122-7',
      '88123-5',
      '93030-5',
      '96779-4',
      '95618-5',
      '95617-7',
      '95616-9',
      '95615-1',
    ]);
  });

  it.each([
    ['LA31993-1', []],
    ['LA31994-9', ['housing-instability']],
    ['LA31995-6', ['homelessness']],
  ])('living situation %s → %j', (code, domains) => {
    const r = score({ '71802-3': code });
    expect(r.positiveDomains).toEqual(domains);
    expect(r.complete).toBe(true);
  });

  it.each(['LA31996-4', 'LA28580-1', 'LA31997-2', 'LA31998-0', 'LA31999-8', 'LA32000-4', 'LA32001-2'])(
    'housing problem %s alone → inadequate-housing',
    (code) => {
      expect(score({ '96778-6': [code] }).positiveDomains).toEqual(['inadequate-housing']);
      expect(score({ '96778-6': code }).positiveDomains).toEqual(['inadequate-housing']); // a single string is fine
    },
  );

  it('housing problems: several at once count once; "None of the above" is negative and exclusive', () => {
    expect(score({ '96778-6': ['LA31996-4', 'LA28580-1', 'LA32001-2'] }).positiveDomains).toEqual([
      'inadequate-housing',
    ]);
    expect(score({ '96778-6': ['LA9-3'] }).positiveDomains).toEqual([]);
    expect(score({ '96778-6': 'LA9-3' }).complete).toBe(true);
    expect(() => score({ '96778-6': ['LA9-3', 'LA28580-1'] })).toThrow(/cannot be combined/);
    expect(() => score({ '96778-6': ['declined', 'LA28580-1'] })).toThrow(/cannot be combined/);
  });

  it('housing problems: declined or empty is data-absent', () => {
    for (const v of ['declined', ['declined'], [], undefined]) {
      const r = score({ '96778-6': v });
      expect(r.complete).toBe(false);
      expect(r.positiveDomains).toEqual([]);
      expect(r.totals).toEqual({ '95614-4': 4 });
    }
  });

  it.each([
    ['LA28397-0', 'LA28398-8', ['food-insecurity']],
    ['LA6729-3', 'LA28398-8', ['food-insecurity']],
    ['LA28398-8', 'LA28397-0', ['food-insecurity']],
    ['LA28398-8', 'LA6729-3', ['food-insecurity']],
    ['LA28397-0', 'LA6729-3', ['food-insecurity']],
    ['LA28398-8', 'LA28398-8', []],
  ])('food %s / %s → %j (either item positive)', (q1, q2, domains) => {
    expect(score({ '88122-7': q1, '88123-5': q2 }).positiveDomains).toEqual(domains);
  });

  it('food: a positive answer stays positive when the other item is declined; a negative one does not make a negative', () => {
    const pos = score({ '88122-7': 'LA6729-3', '88123-5': 'declined' });
    expect(pos.positiveDomains).toEqual(['food-insecurity']);
    expect(pos.complete).toBe(false);
    const unknown = score({ '88122-7': 'LA28398-8', '88123-5': 'declined' });
    expect(unknown.positiveDomains).toEqual([]);
    expect(unknown.complete).toBe(false);
  });

  it.each([
    ['LA33-6', ['transportation-insecurity']],
    ['LA32-8', []],
  ])('transportation %s → %j', (code, domains) => {
    expect(score({ '93030-5': code }).positiveDomains).toEqual(domains);
  });

  it.each([
    ['LA33-6', ['utility-insecurity']],
    ['LA32-8', []],
    ['LA32002-0', ['utility-insecurity']],
  ])('utilities %s → %j', (code, domains) => {
    expect(score({ '96779-4': code }).positiveDomains).toEqual(domains);
  });

  it('reports every positive domain, in item order', () => {
    const r = score({
      '71802-3': 'LA31995-6',
      '96778-6': ['LA31998-0'],
      '88122-7': 'LA28397-0',
      '93030-5': 'LA33-6',
      '96779-4': 'LA32002-0',
    });
    expect(r.positiveDomains).toEqual([
      'homelessness',
      'inadequate-housing',
      'food-insecurity',
      'transportation-insecurity',
      'utility-insecurity',
    ]);
    expect(r.safetyConcern).toBe(false);
  });

  it('safety: all 625 answer combinations (total, ≥ 11 rule, any hurt/threaten above Never)', () => {
    let concerns = 0;
    for (let h = 0; h < 5; h++)
      for (let i = 0; i < 5; i++)
        for (let t = 0; t < 5; t++)
          for (let s = 0; s < 5; s++) {
            const r = score({
              '95618-5': FREQ[h],
              '95617-7': FREQ[i],
              '95616-9': FREQ[t],
              '95615-1': FREQ[s],
            });
            const total = h + i + t + s + 4;
            const expected = h > 0 || t > 0 || total >= 11;
            expect(r.totals['95614-4']).toBe(total);
            expect(r.safetyConcern, `${h + 1},${i + 1},${t + 1},${s + 1}`).toBe(expected);
            expect(r.positiveDomains).toEqual([]); // never a routine referral domain
            expect(r.complete).toBe(true);
            if (expected) concerns++;
          }
    // Clear only when hurt = threaten = Never and insult + scream ≤ 8 (total ≤ 10): 25 pairs minus (4,5), (5,4), (5,5).
    expect(concerns).toBe(625 - 22);
  });

  it('safety total edges with hurt and threaten = Never: 10 is clear, 11 is positive', () => {
    // insult + scream (scores 1..5) with hurt = threaten = 1: total = 2 + insult + scream
    expect(score({ '95617-7': 'LA16644-9', '95615-1': 'LA16644-9' })).toMatchObject({
      totals: { '95614-4': 10 },
      safetyConcern: false,
    });
    expect(score({ '95617-7': 'LA6482-9', '95615-1': 'LA16644-9' })).toMatchObject({
      totals: { '95614-4': 11 },
      safetyConcern: true,
    });
    expect(score({ '95617-7': 'LA16644-9', '95615-1': 'LA6482-9' }).safetyConcern).toBe(true);
    expect(score({ '95617-7': 'LA6482-9', '95615-1': 'LA6482-9' }).totals['95614-4']).toBe(12);
  });

  it.each(FREQ.slice(1))('any hurt answer above Never (%s) raises safety whatever the total', (code) => {
    const r = score({ '95618-5': code });
    expect(r.safetyConcern).toBe(true);
    expect(r.totals['95614-4']).toBeLessThan(11);
  });

  it.each(FREQ.slice(1))('any threaten answer above Never (%s) raises safety whatever the total', (code) => {
    expect(score({ '95616-9': code }).safetyConcern).toBe(true);
  });

  it.each(FREQ.slice(1))('insult or scream alone (%s) below the total threshold does not', (code) => {
    expect(score({ '95617-7': code }).safetyConcern).toBe(false);
    expect(score({ '95615-1': code }).safetyConcern).toBe(false);
  });

  it.each(['95618-5', '95617-7', '95616-9', '95615-1'])(
    'safety item %s missing or declined → incomplete, no total, never negative-by-default',
    (linkId) => {
      for (const v of [undefined, 'declined', '']) {
        const r = score({ [linkId]: v });
        expect(r.complete).toBe(false);
        expect(r.totals).toEqual({});
        expect(r.safetyConcern).toBe(false);
      }
      // A hurt/threaten answer above Never still raises safety when another item is missing.
      const other = linkId === '95618-5' ? '95616-9' : '95618-5';
      expect(score({ [linkId]: 'declined', [other]: 'LA10066-1' }).safetyConcern).toBe(true);
    },
  );

  it('safety is raised when the answered items already reach 11 at the lowest possible remaining score', () => {
    // insult 5 + scream 5 + threaten 1 + (hurt declined ≥ 1) ≥ 12
    const r = score({ '95617-7': 'LA6482-9', '95615-1': 'LA6482-9', '95618-5': 'declined' });
    expect(r).toMatchObject({ complete: false, totals: {}, safetyConcern: true });
    // insult 4 + scream 4 + threaten 1 + hurt ≥ 1 = ≥ 10: unknown, so not raised (but incomplete, not negative)
    expect(
      score({ '95617-7': 'LA16644-9', '95615-1': 'LA16644-9', '95618-5': 'declined' }).safetyConcern,
    ).toBe(false);
  });

  it('an empty screen is incomplete with nothing positive', () => {
    expect(scoreScreening('ahc-hrsn-core', {})).toEqual({
      complete: false,
      positiveDomains: [],
      totals: {},
      safetyConcern: false,
    });
  });

  it.each(['71802-3', '88122-7', '88123-5', '93030-5', '96779-4'])('declining %s → incomplete', (linkId) => {
    const r = score({ [linkId]: 'declined' });
    expect(r.complete).toBe(false);
    expect(r.positiveDomains).toEqual([]);
  });
});

describe('Hunger Vital Sign', () => {
  const hvs = (a?: unknown, b?: unknown) =>
    scoreScreening('hunger-vital-sign', { '88122-7': a, '88123-5': b });
  const codes = ['LA28397-0', 'LA6729-3', 'LA28398-8'];

  it('every answer pair: often/sometimes true to either or both = food-insecurity', () => {
    for (const a of codes)
      for (const b of codes) {
        const positive = a !== 'LA28398-8' || b !== 'LA28398-8';
        expect(hvs(a, b)).toEqual({
          complete: true,
          positiveDomains: positive ? ['food-insecurity'] : [],
          totals: {},
          safetyConcern: false,
        });
      }
  });

  it('"Don\'t know/refused" (LA15775-2) and declined are data-absent', () => {
    for (const absent of ['LA15775-2', 'declined', undefined]) {
      expect(hvs(absent, 'LA28398-8')).toMatchObject({ complete: false, positiveDomains: [] });
      expect(hvs('LA28397-0', absent)).toMatchObject({
        complete: false,
        positiveDomains: ['food-insecurity'],
      });
    }
    expect(hvs('LA15775-2', 'LA15775-2')).toMatchObject({ complete: false, positiveDomains: [] });
  });
});

describe('UCLA-3', () => {
  const ucla = (a: unknown, b: unknown, c: unknown, opts = {}) =>
    scoreScreening('ucla-3', { 'ucla3-1': a, 'ucla3-2': b, 'ucla3-3': c }, opts);

  it('all 27 combinations: total 3–9, ≥ 6 → social-connection', () => {
    for (const a of [1, 2, 3])
      for (const b of [1, 2, 3])
        for (const c of [1, 2, 3]) {
          const total = a + b + c;
          expect(ucla(a, b, c)).toEqual({
            complete: true,
            positiveDomains: total >= 6 ? ['social-connection'] : [],
            totals: { 'ucla-3': total },
            safetyConcern: false,
          });
        }
  });

  it('threshold edges: 5 not lonely, 6 lonely; configurable', () => {
    expect(ucla(1, 2, 2).positiveDomains).toEqual([]);
    expect(ucla(2, 2, 2).positiveDomains).toEqual(['social-connection']);
    expect(ucla(2, 2, 2, { ucla3Threshold: 7 }).positiveDomains).toEqual([]);
    expect(ucla(2, 2, 3, { ucla3Threshold: 7 }).positiveDomains).toEqual(['social-connection']);
    expect(ucla(1, 2, 2, { ucla3Threshold: 5 }).positiveDomains).toEqual(['social-connection']);
  });

  it('declined or missing → incomplete, no total, not positive (declined is not scored as 0 or 1)', () => {
    for (const absent of ['declined', undefined]) {
      expect(ucla(3, 3, absent)).toEqual({
        complete: false,
        positiveDomains: [],
        totals: {},
        safetyConcern: false,
      });
      expect(ucla(absent, 1, 1)).toMatchObject({ complete: false, totals: {} });
    }
  });

  it('accepts numeric strings, rejects values outside 1–3', () => {
    expect(ucla('3', '2', '1').totals).toEqual({ 'ucla-3': 6 });
    for (const bad of [0, 4, 2.5, -1, 'often2']) expect(() => ucla(bad, 1, 1)).toThrow(ScreeningInputError);
  });
});

describe('LSNS-6', () => {
  const lsns = (values: unknown[], opts = {}) =>
    scoreScreening('lsns-6', Object.fromEntries(values.map((v, i) => [`lsns6-${i + 1}`, v])), opts);

  it.each([0, 1, 2, 3, 4, 5])('every item accepts %i and scores it as itself', (v) => {
    for (let i = 0; i < 6; i++) {
      const values = [0, 0, 0, 0, 0, 0];
      values[i] = v;
      expect(lsns(values).totals).toEqual({ 'lsns-6': v });
    }
  });

  it('threshold edges: 11 at risk, 12 not; 0 and 30 extremes; configurable', () => {
    expect(lsns([2, 2, 2, 2, 2, 1])).toMatchObject({
      totals: { 'lsns-6': 11 },
      positiveDomains: ['social-connection'],
    });
    expect(lsns([2, 2, 2, 2, 2, 2])).toMatchObject({ totals: { 'lsns-6': 12 }, positiveDomains: [] });
    expect(lsns([0, 0, 0, 0, 0, 0]).positiveDomains).toEqual(['social-connection']);
    expect(lsns([5, 5, 5, 5, 5, 5])).toEqual({
      complete: true,
      positiveDomains: [],
      totals: { 'lsns-6': 30 },
      safetyConcern: false,
    });
    expect(lsns([2, 2, 2, 2, 2, 2], { lsns6Threshold: 13 }).positiveDomains).toEqual(['social-connection']);
    expect(lsns([2, 2, 2, 2, 2, 1], { lsns6Threshold: 11 }).positiveDomains).toEqual([]);
  });

  it('declined is never scored as 0 (which would read as isolated)', () => {
    const r = lsns([3, 3, 3, 'declined', 'declined', 'declined']);
    expect(r).toEqual({ complete: false, positiveDomains: [], totals: {}, safetyConcern: false });
    expect(lsns([0, 0, 0, 0, 0, undefined])).toMatchObject({
      complete: false,
      totals: {},
      positiveDomains: [],
    });
  });

  it('rejects values outside 0–5', () => {
    for (const bad of [6, -1, 1.5, 'many'])
      expect(() => lsns([bad, 0, 0, 0, 0, 0])).toThrow(ScreeningInputError);
  });
});

describe('Canadian poverty question', () => {
  it.each([
    ['yes', true, ['financial-insecurity']],
    ['Yes', true, ['financial-insecurity']],
    ['LA33-6', true, ['financial-insecurity']],
    ['no', true, []],
    ['LA32-8', true, []],
    ['declined', false, []],
    [undefined, false, []],
  ])('%s → complete %s, %j', (v, complete, domains) => {
    expect(scoreScreening('poverty', { 'poverty-1': v })).toEqual({
      complete,
      positiveDomains: domains,
      totals: {},
      safetyConcern: false,
    });
  });

  it('rejects other answers', () => {
    expect(() => scoreScreening('poverty', { 'poverty-1': 'maybe' })).toThrow(/poverty-1/);
  });
});

describe('AHC supplemental items', () => {
  it.each([
    ['LA15832-1', ['financial-insecurity']],
    ['LA22683-9', ['financial-insecurity']],
    ['LA31980-8', []],
  ])('financial strain %s → %j', (code, domains) => {
    expect(scoreScreening('ahc-financial-strain', { '76513-1': code }).positiveDomains).toEqual(domains);
  });

  it('financial strain positives are configurable', () => {
    const opts = { financialStrainPositive: ['LA15832-1' as const] };
    expect(scoreScreening('ahc-financial-strain', { '76513-1': 'LA22683-9' }, opts).positiveDomains).toEqual(
      [],
    );
  });

  it.each([
    ['LA6270-8', []],
    ['LA10066-1', []],
    ['LA10082-8', []],
    ['LA10044-8', ['social-connection']],
    ['LA9933-8', ['social-connection']],
  ])('loneliness %s → %j (default: Often/Always)', (code, domains) => {
    expect(scoreScreening('ahc-loneliness', { '93159-2': code }).positiveDomains).toEqual(domains);
  });

  it('loneliness positives are configurable (e.g. Sometimes too)', () => {
    const opts = { lonelinessPositive: ['LA10082-8' as const, 'LA10044-8' as const, 'LA9933-8' as const] };
    expect(scoreScreening('ahc-loneliness', { '93159-2': 'LA10082-8' }, opts).positiveDomains).toEqual([
      'social-connection',
    ]);
    expect(scoreScreening('ahc-loneliness', { '93159-2': 'declined' }, opts)).toMatchObject({
      complete: false,
    });
  });
});
