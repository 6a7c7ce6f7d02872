/**
 * The only logger. It accepts an event code and a small bag of non-PHI facts (ids, HTTP statuses, counts, schema
 * paths). Values are type-restricted and strings are checked against a conservative pattern so a name, a health
 * number, a birth date or free text cannot slip through by accident.
 */
export type LogFact = number | boolean | null | undefined | string;
export type LogFacts = Record<string, LogFact>;

// Codes, uuids, schema paths, http statuses: lowercase/uppercase ascii words joined by . - _ : / # and digits,
// but never a run of 6+ digits (health numbers) and never anything date-like.
const SAFE_STRING = /^[A-Za-z0-9._:/#[\]-]{0,80}$/;
const LONG_DIGITS = /\d{6,}/;
const DATE_LIKE = /\d{4}-\d{2}-\d{2}|\d{2}[/-]\d{2}[/-]\d{4}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function scrubFact(v: LogFact): LogFact {
  if (typeof v !== 'string') return v;
  if (UUID.test(v)) return v;
  if (!SAFE_STRING.test(v) || LONG_DIGITS.test(v) || DATE_LIKE.test(v)) return '[redacted]';
  return v;
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
  const safeCode = SAFE_STRING.test(code) ? code : 'invalid-log-code';
  const clean: LogFacts = {};
  for (const [k, v] of Object.entries(facts)) if (SAFE_STRING.test(k)) clean[k] = scrubFact(v);
  sink(level, safeCode, clean);
}
