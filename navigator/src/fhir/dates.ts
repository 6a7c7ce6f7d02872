import { fhirError } from './outcome';

export type Prefix = 'eq' | 'gt' | 'ge' | 'lt' | 'le';

export interface DateBound {
  op: '>=' | '<';
  at: Date;
}

const DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** The half-open interval [start, end) a FHIR date/dateTime/instant search value stands for, by its precision. */
export function dateRange(raw: string, where: string): { start: Date; end: Date } {
  const m = DATE.exec(raw);
  if (!m) throw fhirError(400, 'invalid', `${where}: "${raw}" is not a FHIR date, dateTime or instant`);
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const year = Number(y);
  if (mo === undefined)
    return { start: new Date(Date.UTC(year, 0, 1)), end: new Date(Date.UTC(year + 1, 0, 1)) };
  const month = Number(mo) - 1;
  if (d === undefined)
    return { start: new Date(Date.UTC(year, month, 1)), end: new Date(Date.UTC(year, month + 1, 1)) };
  const day = Number(d);
  if (h === undefined)
    return { start: new Date(Date.UTC(year, month, day)), end: new Date(Date.UTC(year, month, day + 1)) };
  if (tz === undefined) throw fhirError(400, 'invalid', `${where}: a time needs a time zone (Z or ±hh:mm)`);
  const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}.${String(ms).padStart(3, '0')}${tz}`;
  const start = new Date(iso);
  if (Number.isNaN(start.getTime()))
    throw fhirError(400, 'invalid', `${where}: "${raw}" is not a valid instant`);
  const step = frac ? 1 : s !== undefined ? 1000 : 60_000;
  return { start, end: new Date(start.getTime() + step) };
}

/** `_lastUpdated=gt2025-03-12T14:20:00Z` → SQL bounds. A '+' turned into a space by form decoding is restored. */
export function parseDateParam(value: string, where: string): DateBound[] {
  const v = value.replace(/ /g, '+');
  const m = /^(eq|gt|ge|lt|le)?(.+)$/.exec(v);
  if (!m) throw fhirError(400, 'invalid', `${where}: empty date`);
  const prefix = (m[1] ?? 'eq') as Prefix;
  const { start, end } = dateRange(m[2]!, where);
  switch (prefix) {
    case 'gt':
      return [{ op: '>=', at: end }];
    case 'ge':
      return [{ op: '>=', at: start }];
    case 'lt':
      return [{ op: '<', at: start }];
    case 'le':
      return [{ op: '<', at: end }];
    case 'eq':
      return [
        { op: '>=', at: start },
        { op: '<', at: end },
      ];
  }
}
