import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IDENTIFIER_SYSTEMS, PatientIdentifier } from './context';
import { isValidBcPhn, isValidOntarioHcn, parseHealthNumber } from './health-number';

/** Independent reference: the textbook Luhn check over all ten digits. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

describe('Ontario health card', () => {
  it.each(['9876543217', '1234567897', '5554443332'])('accepts %s', (n) =>
    expect(isValidOntarioHcn(n)).toBe(true),
  );
  it.each(['9876543210', '1234567890', '123456789', '12345678901', 'abcdefghij'])('rejects %s', (n) =>
    expect(isValidOntarioHcn(n)).toBe(false),
  );

  it('agrees with a textbook Luhn check on any ten digits', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{10}$/), (n) => isValidOntarioHcn(n) === luhn(n)));
  });

  it('catches every single-digit typo', () => {
    const good = '9876543217';
    for (let i = 0; i < 10; i++)
      for (let d = 0; d < 10; d++) {
        if (String(d) === good[i]) continue;
        expect(isValidOntarioHcn(good.slice(0, i) + d + good.slice(i + 1))).toBe(false);
      }
  });

  it('parses spaces, dashes and a version code', () => {
    expect(parseHealthNumber('9876 543 217 AB')).toEqual({
      kind: 'on-hcn',
      system: IDENTIFIER_SYSTEMS.onHealthCard,
      value: '9876543217',
      valid: true,
      version: 'AB',
    });
    expect(parseHealthNumber('1234-567-897-k')).toMatchObject({
      value: '1234567897',
      version: 'K',
      valid: true,
    });
    expect(parseHealthNumber(' 1234567897 ')).toMatchObject({ valid: true, kind: 'on-hcn' });
  });

  it('reports a failing check digit as invalid instead of dropping it', () => {
    expect(parseHealthNumber('9876 543 210 AB')).toMatchObject({
      kind: 'on-hcn',
      value: '9876543210',
      valid: false,
    });
  });

  it('returns null for text that is not a health number', () => {
    for (const s of ['', 'HCN', '12345', '9876 543 217 ABC', '98765432171', 'x'.repeat(1_000_000)])
      expect(parseHealthNumber(s)).toBeNull();
  });

  it('always returns a schema-valid identifier', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.constantFrom(undefined, 'ON' as const, 'BC' as const),
        (s, p) => {
          const id = parseHealthNumber(s, p);
          return id === null || PatientIdentifier.safeParse(id).success;
        },
      ),
    );
  });
});

describe('BC PHN', () => {
  it('accepts a number whose mod-11 check digit matches', () => {
    // 6·2+9·4+8·8+6·5+5·10+8·9+2·7+1·3 = 281; 281 mod 11 = 6; 11 − 6 = 5.
    expect(isValidBcPhn('9698658215')).toBe(true);
    expect(parseHealthNumber('9698 658 215')).toEqual({
      kind: 'bc-phn',
      system: IDENTIFIER_SYSTEMS.bcPhn,
      value: '9698658215',
      valid: true,
    });
  });

  it('rejects a wrong check digit, a first digit other than 9, and remainders 0 or 1', () => {
    expect(isValidBcPhn('9698658214')).toBe(false);
    expect(isValidBcPhn('8698658215')).toBe(false);
    // digits 2–9 = 00000000 → remainder 0 → check would be 11: never valid.
    for (let d = 0; d < 10; d++) expect(isValidBcPhn(`900000000${d}`)).toBe(false);
  });

  it('follows the EMR when it says the number is a PHN, and reports a failing one as invalid', () => {
    expect(parseHealthNumber('9876543217', 'BC')).toMatchObject({ kind: 'bc-phn', valid: false });
    expect(parseHealthNumber('9698658215 AB', 'BC')).toMatchObject({ kind: 'bc-phn', valid: false });
    expect(parseHealthNumber('9698658215', 'ON')).toMatchObject({
      kind: 'on-hcn',
      valid: isValidOntarioHcn('9698658215'),
    });
  });
});
