import type { Sex } from './context';

/** Caps shared by every reader (match PatientContext in ./context). */
export const CAPS = { displayName: 200, namePart: 100, date: 40, sex: 30, identifier: 40 } as const;

// C0/C1 controls, zero-width space, LRM/RLM/ALM, bidi embeddings/overrides/isolates, word joiner, BOM. ZWJ/ZWNJ are
// kept: some scripts need them inside names.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u061C\uFEFF]/g;
const SPACES = /[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g;

/**
 * NFC, invisible/bidi control characters removed, whitespace collapsed, trimmed, capped at `cap` characters (never
 * splitting a surrogate pair). Work is bounded: at most 4×cap input characters are looked at, so a 1 MB "name"
 * costs no more than a short one. Use `exceedsCap` first when truncation would change meaning (names).
 */
export function normaliseText(raw: string, cap: number): string {
  const head = raw.length > cap * 4 ? raw.slice(0, cap * 4) : raw;
  const clean = head.replace(INVISIBLE, '').replace(SPACES, ' ').normalize('NFC').trim();
  if (clean.length <= cap) return clean;
  let end = cap;
  const code = clean.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--; // do not keep half a surrogate pair
  return clean.slice(0, end).trim();
}

/** True when the text is longer than `cap` once cleaned (bounded work, like normaliseText). */
export function exceedsCap(raw: string, cap: number): boolean {
  if (raw.length <= cap) return false;
  return normaliseText(raw, cap + 1).length > cap;
}

/**
 * Splits "FAMILY, GIVEN" (OSCAR and most Canadian EMRs). Anything else (no comma, several commas, an empty side) is
 * not split: the display name is still reported as the EMR shows it.
 */
export function splitFamilyGiven(display: string): { family?: string; given?: string } {
  const parts = display.split(',');
  if (parts.length !== 2) return {};
  const family = normaliseText(parts[0]!, CAPS.namePart);
  const given = normaliseText(parts[1]!, CAPS.namePart);
  return family && given ? { family, given } : {};
}

const MONTHS: Record<string, number> = {};
const monthNames: [number, string[]][] = [
  [1, ['jan', 'janv', 'january', 'janvier']],
  [2, ['feb', 'february', 'fev', 'fevr', 'février', 'févr', 'fév', 'fevrier']],
  [3, ['mar', 'march', 'mars']],
  [4, ['apr', 'april', 'avr', 'avril']],
  [5, ['may', 'mai']],
  [6, ['jun', 'june', 'juin']],
  [7, ['jul', 'july', 'juil', 'juillet']],
  [8, ['aug', 'august', 'août', 'aout', 'aoû']],
  [9, ['sep', 'sept', 'september', 'septembre']],
  [10, ['oct', 'october', 'octobre']],
  [11, ['nov', 'november', 'novembre']],
  [12, ['dec', 'december', 'déc', 'décembre', 'decembre']],
];
for (const [n, names] of monthNames) for (const name of names) MONTHS[name] = n;

/** Month number for an English or French month name or abbreviation ("Sept", "févr.", "août"), else null. */
export function monthNumber(raw: string): number | null {
  const key = raw.normalize('NFC').toLowerCase().replace(/\.$/, '');
  return MONTHS[key] ?? null;
}

export type DateFormat = 'YYYY-MM-DD' | 'DD-MMM-YYYY' | 'DD/MM/YYYY' | 'MM/DD/YYYY';

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || y < 1870 || y > 2200) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null; // 31-Feb and friends
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const D_MON_Y = /^(\d{1,2})[-\s]([\p{L}.]{3,10})[-\s](\d{4})$/u;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * Parses a birth date to YYYY-MM-DD. Always understood: `YYYY-MM-DD` and `DD-MMM-YYYY` / `DD MMM YYYY` with English or
 * French month names. Slashed dates are ambiguous (03/04/1956), so they are read only when the caller states the
 * EMR's format (`DD/MM/YYYY` or `MM/DD/YYYY`). Anything else, or an impossible date, gives null.
 */
export function parseDate(raw: string, format?: DateFormat): string | null {
  // OpenMRS shows "14 — Mar — 1956": em/en dashes (with their spaces) become plain dashes.
  const s = normaliseText(raw, CAPS.date).replace(/\s*[\u2013\u2014]\s*/g, '-');
  let m = YMD.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = D_MON_Y.exec(s);
  if (m) {
    const month = monthNumber(m[2]!);
    return month ? iso(Number(m[3]), month, Number(m[1])) : null;
  }
  m = SLASHED.exec(s);
  if (m && format === 'DD/MM/YYYY') return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  if (m && format === 'MM/DD/YYYY') return iso(Number(m[3]), Number(m[1]), Number(m[2]));
  return null;
}

const SEXES: Record<string, Sex> = {
  f: 'female',
  female: 'female',
  femme: 'female',
  féminin: 'female',
  feminin: 'female',
  woman: 'female',
  m: 'male',
  male: 'male',
  homme: 'male',
  masculin: 'male',
  man: 'male',
  h: 'male',
  x: 'other',
  o: 'other',
  other: 'other',
  autre: 'other',
  'non-binary': 'other',
  'non-binaire': 'other',
  intersex: 'other',
  u: 'unknown',
  unknown: 'unknown',
  inconnu: 'unknown',
  undifferentiated: 'unknown',
};

/** Administrative sex/gender as shown by EMRs (F/M/X/U, English or French words), else null. */
export function parseSex(raw: string): Sex | null {
  return SEXES[normaliseText(raw, CAPS.sex).toLowerCase()] ?? null;
}
