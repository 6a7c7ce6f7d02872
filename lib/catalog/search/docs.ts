import { z } from 'zod';
import type { Program } from '../program';
import { LANGUAGE_NAMES } from '../languages';
import { TAXONOMY } from '../taxonomy';
import type { DocFields } from './segment';

/**
 * Per-document facts for filters and matching, as typed arrays indexed by document number (about 40 bytes a
 * program): status, flags, ages, verification day, languages (bit mask), taxonomy ordinals and location coordinates.
 * Documents are only appended; a changed or deleted program's old number is tombstoned.
 */
export const F = {
  FREE: 1,
  LOW_COST: 2,
  ACCESSIBLE: 4,
  EVENING: 8,
  WEEKEND: 16,
  WEEKDAY: 32,
  VIRTUAL: 64,
  PHONE: 128,
  IN_PERSON: 256,
  WAITLIST: 512,
  FULL: 1024,
  CHILDCARE: 2048,
  TRANSPORT: 4096,
  NOT_ACCESSIBLE: 8192,
} as const;

export const STATUS_CODES = ['active', 'temporarily closed', 'inactive', 'defunct'] as const;
export const NO_AGE = 255;
const OTHER_LANGUAGE_BIT = 31;

/** What the sync derives per program to build the index and this table (stored between sync pages). */
export const DocInput = z.object({
  id: z.string().max(100),
  fields: z.object({ name: z.string(), taxonomy: z.string(), org: z.string(), body: z.string() }),
  status: z.number().int().min(0).max(3),
  flags: z.number().int().min(0).max(0xffff),
  minAge: z.number().int().min(0).max(255),
  maxAge: z.number().int().min(0).max(255),
  verifiedDay: z.number().int().min(0).max(0xffff),
  /** last_modified in Unix seconds (0: unknown); a delta skips records it already has. */
  modified: z.number().int().min(0).max(0xffffffff),
  langs: z.array(z.string().max(20)).max(20),
  codes: z.array(z.string().max(200)).max(30),
  codeNames: z.array(z.string().max(300)).max(30),
  coords: z.array(z.number()).max(20),
  chunk: z.number().int().min(0),
});
export type DocInput = z.infer<typeof DocInput>;

function minutes(hhmm: string): number | null {
  const m = /^(\d{1,2}):(\d{2})/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function dayNumber(iso: string): number {
  if (!iso) return 0;
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isFinite(t) && t > 0 ? Math.min(0xffff, Math.floor(t / 86_400_000)) : 0;
}

export function modifiedSeconds(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) && t > 0 ? Math.min(0xffffffff, Math.floor(t / 1000)) : 0;
}

const clampAge = (a: number | null) => (a === null ? NO_AGE : Math.max(0, Math.min(254, Math.round(a))));

function frenchTaxonomyNames(codes: readonly string[]): string {
  return codes
    .map((c) => TAXONOMY.find((t) => t.code === c)?.fr ?? '')
    .filter(Boolean)
    .join(' ');
}

/** The searchable text and facts of one program. */
export function docInputOf(p: Program, chunk: number): DocInput {
  let flags = 0;
  if (p.free === true) flags |= F.FREE;
  if (p.lowCost) flags |= F.LOW_COST;
  if (p.locations.some((l) => l.accessible === true)) flags |= F.ACCESSIBLE;
  else if (p.locations.some((l) => l.accessible === false)) flags |= F.NOT_ACCESSIBLE;
  for (const h of p.hours) {
    const open = minutes(h.opens);
    const close = minutes(h.closes);
    if ((close !== null && close > 17 * 60 + 30) || (open !== null && open >= 17 * 60)) flags |= F.EVENING;
    if (h.days.includes('SA') || h.days.includes('SU')) flags |= F.WEEKEND;
    if (h.days.some((d) => d !== 'SA' && d !== 'SU') && (open === null || open < 17 * 60)) flags |= F.WEEKDAY;
  }
  if (p.delivery.virtual) flags |= F.VIRTUAL;
  if (p.delivery.phone) flags |= F.PHONE;
  if (p.delivery.inPerson) flags |= F.IN_PERSON;
  if (p.capacity.status === 'waitlist') flags |= F.WAITLIST;
  if (p.capacity.status === 'full') flags |= F.FULL;
  if (p.childcare) flags |= F.CHILDCARE;
  if (p.transportHelp) flags |= F.TRANSPORT;
  const codes = p.taxonomy.map((t) => t.code);
  const places = p.locations.map((l) => `${l.city} ${l.name}`).join(' ');
  const fields: DocFields = {
    name: `${p.name} ${p.alternateName}`,
    taxonomy: `${p.taxonomy.map((t) => t.name).join(' ')} ${frenchTaxonomyNames(codes)}`,
    org: p.organization.name,
    // Language names make "arabic" or "français" find programs offered in that language.
    body: `${p.description} ${p.eligibility} ${places} ${p.languages
      .map((l) => `${LANGUAGE_NAMES[l]?.en ?? ''} ${LANGUAGE_NAMES[l]?.fr ?? ''}`)
      .join(' ')}`,
  };
  const coords: number[] = [];
  for (const l of p.locations)
    if (l.lat !== null && l.lon !== null && coords.length < 20) coords.push(l.lat, l.lon);
  return {
    id: p.id,
    fields,
    status: Math.max(0, STATUS_CODES.indexOf(p.status)),
    flags,
    minAge: clampAge(p.minAge),
    maxAge: clampAge(p.maxAge),
    verifiedDay: dayNumber(p.assuredDate || p.lastModified),
    modified: modifiedSeconds(p.lastModified),
    langs: p.languages,
    codes,
    codeNames: p.taxonomy.map((t) => t.name),
    coords,
    chunk,
  };
}

export interface DocTableData {
  v: 1;
  count: number;
  ids: string;
  status: Uint8Array;
  flags: Uint16Array;
  minAge: Uint8Array;
  maxAge: Uint8Array;
  verifiedDay: Uint16Array;
  modified: Uint32Array;
  langMask: Uint32Array;
  langCodes: string[];
  termStart: Uint32Array;
  termOrd: Uint16Array;
  termCodes: string[];
  termNames: string[];
  locStart: Uint32Array;
  locLat: Float32Array;
  locLon: Float32Array;
  chunk: Uint32Array;
  tomb: Uint8Array;
}

export const DocTableDataSchema = z
  .object({
    v: z.literal(1),
    count: z.number().int().min(0).max(2_000_000),
    ids: z.string(),
    status: z.instanceof(Uint8Array),
    flags: z.instanceof(Uint16Array),
    minAge: z.instanceof(Uint8Array),
    maxAge: z.instanceof(Uint8Array),
    verifiedDay: z.instanceof(Uint16Array),
    modified: z.instanceof(Uint32Array),
    langMask: z.instanceof(Uint32Array),
    langCodes: z.array(z.string().max(20)).max(32),
    termStart: z.instanceof(Uint32Array),
    termOrd: z.instanceof(Uint16Array),
    termCodes: z.array(z.string().max(200)).max(65535),
    termNames: z.array(z.string().max(300)).max(65535),
    locStart: z.instanceof(Uint32Array),
    locLat: z.instanceof(Float32Array),
    locLon: z.instanceof(Float32Array),
    chunk: z.instanceof(Uint32Array),
    tomb: z.instanceof(Uint8Array),
  })
  .refine(
    (d) =>
      [d.status, d.flags, d.minAge, d.maxAge, d.verifiedDay, d.modified, d.langMask, d.chunk, d.tomb].every(
        (a) => a.length === d.count,
      ) &&
      d.termStart.length === d.count + 1 &&
      d.locStart.length === d.count + 1 &&
      d.locLat.length === d.locLon.length &&
      d.termCodes.length === d.termNames.length,
    'inconsistent document table',
  );

function grow<T extends Uint8Array | Uint16Array | Uint32Array | Float32Array>(a: T, n: number): T {
  const C = a.constructor as new (n: number) => T;
  const out = new C(n);
  out.set(a);
  return out;
}

export function emptyDocTable(): DocTableData {
  return {
    v: 1,
    count: 0,
    ids: '',
    status: new Uint8Array(0),
    flags: new Uint16Array(0),
    minAge: new Uint8Array(0),
    maxAge: new Uint8Array(0),
    verifiedDay: new Uint16Array(0),
    modified: new Uint32Array(0),
    langMask: new Uint32Array(0),
    langCodes: [],
    termStart: new Uint32Array(1),
    termOrd: new Uint16Array(0),
    termCodes: [],
    termNames: [],
    locStart: new Uint32Array(1),
    locLat: new Float32Array(0),
    locLon: new Float32Array(0),
    chunk: new Uint32Array(0),
    tomb: new Uint8Array(0),
  };
}

/** Appends documents (numbered count, count + 1, …) and returns a new table; the input is not modified. */
export function appendDocs(t: DocTableData, inputs: readonly DocInput[]): DocTableData {
  const n0 = t.count;
  const n = n0 + inputs.length;
  const langCodes = [...t.langCodes];
  const termCodes = [...t.termCodes];
  const termNames = [...t.termNames];
  const termIndex = new Map(termCodes.map((c, i) => [c, i]));
  const out: DocTableData = {
    ...t,
    count: n,
    status: grow(t.status, n),
    flags: grow(t.flags, n),
    minAge: grow(t.minAge, n),
    maxAge: grow(t.maxAge, n),
    verifiedDay: grow(t.verifiedDay, n),
    modified: grow(t.modified, n),
    langMask: grow(t.langMask, n),
    langCodes,
    termStart: grow(t.termStart, n + 1),
    termCodes,
    termNames,
    locStart: grow(t.locStart, n + 1),
    chunk: grow(t.chunk, n),
    tomb: grow(t.tomb, n),
  };
  const termOrd: number[] = Array.from(t.termOrd);
  const lat: number[] = Array.from(t.locLat);
  const lon: number[] = Array.from(t.locLon);
  const ids: string[] = [];
  inputs.forEach((d, k) => {
    const i = n0 + k;
    ids.push(d.id);
    out.status[i] = d.status;
    out.flags[i] = d.flags;
    out.minAge[i] = d.minAge;
    out.maxAge[i] = d.maxAge;
    out.verifiedDay[i] = d.verifiedDay;
    out.modified[i] = d.modified;
    out.chunk[i] = d.chunk;
    let mask = 0;
    for (const l of d.langs) {
      let bit = langCodes.indexOf(l);
      if (bit < 0 && langCodes.length < OTHER_LANGUAGE_BIT) bit = langCodes.push(l) - 1;
      mask |= 1 << (bit < 0 ? OTHER_LANGUAGE_BIT : bit);
    }
    out.langMask[i] = mask >>> 0;
    d.codes.forEach((c, j) => {
      let ord = termIndex.get(c);
      if (ord === undefined && termCodes.length < 65535) {
        ord = termCodes.push(c) - 1;
        termNames.push(d.codeNames[j] ?? c);
        termIndex.set(c, ord);
      }
      if (ord !== undefined) termOrd.push(ord);
    });
    out.termStart[i + 1] = termOrd.length;
    for (let c = 0; c + 1 < d.coords.length; c += 2) {
      lat.push(d.coords[c]!);
      lon.push(d.coords[c + 1]!);
    }
    out.locStart[i + 1] = lat.length;
  });
  out.termOrd = Uint16Array.from(termOrd);
  out.locLat = Float32Array.from(lat);
  out.locLon = Float32Array.from(lon);
  out.ids = t.ids && ids.length ? `${t.ids}\n${ids.join('\n')}` : t.ids || ids.join('\n');
  return out;
}

export function tombstone(t: DocTableData, docs: Iterable<number>): void {
  for (const d of docs) if (d >= 0 && d < t.count) t.tomb[d] = 1;
}
