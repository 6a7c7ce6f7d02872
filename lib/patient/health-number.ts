import type { PatientIdentifier } from './context';
import { IDENTIFIER_SYSTEMS } from './identifier-systems';

export type Province = 'ON' | 'BC';

/** Longest raw input we look at: a health number with spaces, dashes and a version code fits easily. */
const MAX_RAW = 40;

/**
 * Ontario health card check digit (Ministry of Health algorithm, i.e. Luhn over the first nine digits): digits in odd
 * positions (1st, 3rd … 9th) are doubled and their digits summed, even positions are added as they are; the check
 * digit brings the total to a multiple of ten.
 */
export function isValidOntarioHcn(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = digits.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(9) - 48;
}

const BC_WEIGHTS = [2, 4, 8, 5, 10, 9, 7, 3] as const;

/**
 * BC Personal Health Number: ten digits starting with 9; digits 2–9 weighted 2,4,8,5,10,9,7,3, summed mod 11, and the
 * check digit is 11 − remainder. Remainders 0 and 1 would need check "digits" 11 and 10, so such numbers are invalid.
 */
export function isValidBcPhn(digits: string): boolean {
  if (!/^9\d{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (digits.charCodeAt(i + 1) - 48) * BC_WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  return check < 10 && check === digits.charCodeAt(9) - 48;
}

/**
 * Parses a provincial health number as shown in an EMR or typed by a clinician: spaces and dashes removed, optional
 * Ontario version code (one or two letters). Returns null when the text is not shaped like a health number at all;
 * returns `valid: false` when it is shaped like one but fails its check digit (reported, never silently kept).
 *
 * `province` is the EMR's own statement of the number's type (label "HCN"/"PHN", OSCAR's hc_type …). Without it, a
 * number with a version code is Ontario; otherwise the number that passes a province's check wins; when both or
 * neither pass, Ontario is assumed (the valid flag still tells the truth about the check digit).
 */
export function parseHealthNumber(raw: string, province?: Province): PatientIdentifier | null {
  if (raw.length > MAX_RAW) return null;
  const m = /^(\d{10})([A-Za-z]{1,2})?$/.exec(raw.replace(/[\s\-\u2010-\u2013]+/g, ''));
  if (!m) return null;
  const digits = m[1]!;
  const version = m[2]?.toUpperCase();
  const on = isValidOntarioHcn(digits);
  const bc = isValidBcPhn(digits);
  const kind: Province = province ?? (version ? 'ON' : bc && !on ? 'BC' : 'ON');
  if (kind === 'BC') {
    // A version code is an Ontario concept: a "PHN" carrying one is not a well-formed BC number.
    return { kind: 'bc-phn', system: IDENTIFIER_SYSTEMS.bcPhn, value: digits, valid: bc && !version };
  }
  return {
    kind: 'on-hcn',
    system: IDENTIFIER_SYSTEMS.onHealthCard,
    value: digits,
    valid: on,
    ...(version ? { version } : {}),
  };
}
