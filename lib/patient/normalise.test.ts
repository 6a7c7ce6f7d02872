import { describe, expect, it } from 'vitest';
import { exceedsCap, monthNumber, normaliseText, parseDate, parseSex, splitFamilyGiven } from './normalise';

describe('normaliseText', () => {
  it('applies NFC and keeps accents and apostrophes', () => {
    const decomposed = 'GAGNON-LE\u0301VESQUE, MARIE-E\u0300VE';
    expect(normaliseText(decomposed, 200)).toBe('GAGNON-LÉVESQUE, MARIE-ÈVE');
    expect(normaliseText("O'NEIL, PAT", 200)).toBe("O'NEIL, PAT");
  });

  it('trims, collapses whitespace and removes bidi and control characters', () => {
    expect(normaliseText('  TEST\u00A0PATIENT,\n\t ALEX  ', 200)).toBe('TEST PATIENT, ALEX');
    expect(normaliseText('\u202ETESTPATIENT\u202C, \u2066ALEX\u2069\u200B\u0000', 200)).toBe(
      'TESTPATIENT, ALEX',
    );
    expect(normaliseText('\u202E\u200F\u0007', 200)).toBe('');
  });

  it('caps without splitting a surrogate pair, with bounded work on huge input', () => {
    expect(normaliseText('a'.repeat(500), 200)).toHaveLength(200);
    expect(normaliseText('a'.repeat(199) + '😀', 200)).toBe('a'.repeat(199));
    const started = performance.now();
    expect(normaliseText('N'.repeat(1_000_000), 200)).toHaveLength(200);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('exceedsCap looks at the cleaned length', () => {
    expect(exceedsCap('a'.repeat(201), 200)).toBe(true);
    expect(exceedsCap(' '.repeat(300) + 'ALEX', 200)).toBe(false);
    expect(exceedsCap('a'.repeat(200), 200)).toBe(false);
  });
});

describe('splitFamilyGiven', () => {
  it('splits FAMILY, GIVEN', () => {
    expect(splitFamilyGiven('TESTPATIENT, ALEX')).toEqual({ family: 'TESTPATIENT', given: 'ALEX' });
    expect(splitFamilyGiven('GAGNON-LÉVESQUE, MARIE-ÈVE')).toEqual({
      family: 'GAGNON-LÉVESQUE',
      given: 'MARIE-ÈVE',
    });
  });
  it.each(['Alex Testpatient', 'A, B, C', ', ALEX', 'TESTPATIENT,'])('does not guess a split for %j', (s) =>
    expect(splitFamilyGiven(s)).toEqual({}),
  );
});

describe('parseDate', () => {
  it.each([
    ['1956-03-14', '1956-03-14'],
    ['1956-3-4', '1956-03-04'],
    ['14-Mar-1956', '1956-03-14'],
    ['14 Mar 1956', '1956-03-14'],
    ['05-Sept-1960', '1960-09-05'],
    ['05-Sep-1960', '1960-09-05'],
    ['02-févr.-1948', '1948-02-02'],
    ['02 févr. 1948', '1948-02-02'],
    ['15-août-1971', '1971-08-15'],
    ['15-AOÛT-1971', '1971-08-15'],
    ['1 déc. 2001', '2001-12-01'],
    ['01-janv.-1999', '1999-01-01'],
    ['09-juil.-1944', '1944-07-09'],
    ['  14-Mar-1956 ', '1956-03-14'],
    ['04 — Apr — 1972', '1972-04-04'],
    ['14-mars-1956', '1956-03-14'],
  ])('%s → %s', (input, out) => expect(parseDate(input)).toBe(out));

  it.each([
    '1956-02-30',
    '31-Apr-1990',
    '14-Foo-1956',
    '1956/03/14',
    '14-03-1956',
    'yesterday',
    '',
    '1700-01-01',
  ])('rejects %j', (s) => expect(parseDate(s)).toBeNull());

  it('reads slashed dates only when the EMR format is known', () => {
    expect(parseDate('03/04/1956')).toBeNull();
    expect(parseDate('03/04/1956', 'DD/MM/YYYY')).toBe('1956-04-03');
    expect(parseDate('03/04/1956', 'MM/DD/YYYY')).toBe('1956-03-04');
    expect(parseDate('31/12/1956', 'MM/DD/YYYY')).toBeNull();
  });

  it('monthNumber knows Sept and French abbreviations with or without accents', () => {
    expect([
      monthNumber('Sept'),
      monthNumber('févr.'),
      monthNumber('fevr'),
      monthNumber('août'),
      monthNumber('Dec'),
    ]).toEqual([9, 2, 2, 8, 12]);
    expect(monthNumber('xyz')).toBeNull();
  });
});

describe('parseSex', () => {
  it.each([
    ['F', 'female'],
    ['Female', 'female'],
    ['Féminin', 'female'],
    ['M', 'male'],
    ['Homme', 'male'],
    ['X', 'other'],
    ['U', 'unknown'],
    [' f ', 'female'],
  ])('%s → %s', (s, out) => expect(parseSex(s)).toBe(out));
  it.each(['', 'Sex: F', 'Q', 'x'.repeat(5000)])('unknown text %j → null', (s) =>
    expect(parseSex(s)).toBeNull(),
  );
});
