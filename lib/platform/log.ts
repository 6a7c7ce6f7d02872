/**
 * The only logger. It accepts an event code and a small bag of non-PHI facts (ids, HTTP statuses, counts, schema
 * paths). Values are type-restricted and strings are checked against a conservative pattern so a name, a health
 * number, a birth date or free text cannot slip through by accident.
 */
export type LogFact = number | boolean | null | undefined | string;
export type LogFacts = Record<string, LogFact>;

// Codes, uuids, schema paths, http statuses: ascii words joined by . - _ : / # and digits, but never a run of 6+
// digits even with separators (health numbers), nothing date-like, and no run of 3+ capitals (EMRs show names in
// capitals; codes are lower-case by convention, error names like TypeError stay readable).
const SAFE_STRING = /^[A-Za-z0-9._:/#[\]-]{0,80}$/;
const LONG_DIGITS = /\d(?:[\s./-]?\d){5,}/;
const DATE_LIKE = /\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}/;
const CAPITALS = /[A-Z]{3,}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function isSafeString(v: string): boolean {
  if (UUID.test(v)) return true;
  return SAFE_STRING.test(v) && !LONG_DIGITS.test(v) && !DATE_LIKE.test(v) && !CAPITALS.test(v);
}

export function scrubFact(v: LogFact): LogFact {
  if (typeof v !== 'string') return v;
  return isSafeString(v) ? v : '[redacted]';
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
type Sink = (level: LogLevel, code: string, facts: LogFacts) => void;

const consoleSink: Sink = (level, code, facts) => {
  const line = `[social-rx] ${code}`;
  if (level === 'error') console.error(line, facts);
  else if (level === 'warn') console.warn(line, facts);
  else if (level === 'info') console.info(line, facts);
  else console.debug(line, facts);
};
let sink: Sink = consoleSink;

/** Tests swap the sink to assert what would be logged. */
export function setLogSink(next: Sink | null): void {
  sink = next ?? consoleSink;
}

export function log(level: LogLevel, code: string, facts: LogFacts = {}): void {
  // Codes and keys are checked like values: a health number or a name must not leak through either.
  const safeCode = isSafeString(code) ? code : 'invalid-log-code';
  const clean: LogFacts = {};
  for (const [k, v] of Object.entries(facts)) if (isSafeString(k)) clean[k] = scrubFact(v);
  sink(level, safeCode, clean);
}
