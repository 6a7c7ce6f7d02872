import { z } from 'zod';
import type { SdohCategory } from '@/lib/visit/schema';
import type { ReferralRecord, ReferralState } from './records';

/**
 * The clinic's data pathway: how referrals move (sent → accepted → completed / declined), counted over a period.
 * Computed from the clear part of the referral records only (needs, states, times); names and health numbers appear
 * only in an export the user explicitly asks to be identified.
 */
export const PathwayPeriod = z
  .object({ from: z.number(), to: z.number() })
  .refine((p) => p.from <= p.to, 'period: "from" must be before "to"');
export type PathwayPeriod = z.infer<typeof PathwayPeriod>;

export const DurationStats = z.object({
  count: z.number().int(),
  medianHours: z.number().nullable(),
  p90Hours: z.number().nullable(),
});
export type DurationStats = z.infer<typeof DurationStats>;

export const PathwaySummary = z.object({
  total: z.number().int(),
  byNeed: z.record(z.string(), z.number().int()),
  byState: z.record(z.string(), z.number().int()),
  toAcceptance: DurationStats,
  toCompletion: DurationStats,
});
export type PathwaySummary = z.infer<typeof PathwaySummary>;

const HOUR = 3600_000;

function quantile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round((sorted[i]! / HOUR) * 10) / 10;
}
function stats(durations: number[]): DurationStats {
  const sorted = durations.filter((d) => d >= 0).sort((a, b) => a - b);
  return { count: sorted.length, medianHours: quantile(sorted, 0.5), p90Hours: quantile(sorted, 0.9) };
}

export const inPeriod = (r: Pick<ReferralRecord, 'createdAt'>, p: PathwayPeriod) =>
  r.createdAt >= p.from && r.createdAt <= p.to;

export function computePathway(records: readonly ReferralRecord[], period: PathwayPeriod): PathwaySummary {
  const rows = records.filter((r) => inPeriod(r, period));
  const byNeed: Partial<Record<SdohCategory, number>> = {};
  const byState: Partial<Record<ReferralState, number>> = {};
  for (const r of rows) {
    for (const n of r.needs) byNeed[n] = (byNeed[n] ?? 0) + 1;
    byState[r.state] = (byState[r.state] ?? 0) + 1;
  }
  return {
    total: rows.length,
    byNeed,
    byState,
    toAcceptance: stats(
      rows.flatMap((r) => (r.sentAt !== null && r.acceptedAt !== null ? [r.acceptedAt - r.sentAt] : [])),
    ),
    toCompletion: stats(
      rows.flatMap((r) => (r.sentAt !== null && r.completedAt !== null ? [r.completedAt - r.sentAt] : [])),
    ),
  };
}

export interface CsvLabels {
  /** Column headers, in the user's language, keyed by column id. */
  columns: Record<CsvColumn, string>;
  state: (s: ReferralState) => string;
  need: (n: SdohCategory) => string;
  yes: string;
  no: string;
}
export const CSV_COLUMNS = [
  'referralId',
  'created',
  'sent',
  'state',
  'needs',
  'priority',
  'programs',
  'navigatorChooses',
  'accepted',
  'completed',
  'closed',
  'hoursToAcceptance',
  'hoursToCompletion',
] as const;
export const IDENTIFIED_COLUMNS = ['patientName', 'healthNumber'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number] | (typeof IDENTIFIED_COLUMNS)[number];

/** Quote every cell; neutralise spreadsheet formulas (a cell starting with = + - @ is prefixed with '). */
export function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

const iso = (t: number | null) => (t === null ? '' : new Date(t).toISOString());
const hours = (from: number | null, to: number | null) =>
  from === null || to === null ? '' : String(Math.round(((to - from) / HOUR) * 10) / 10);

export interface IdentifiedFields {
  patientName: string;
  healthNumber: string;
}

/**
 * CSV (RFC 4180, CRLF) of the referrals created in the period. `identified` adds the patient's name and health number —
 * the caller passes them only when the user explicitly asked and the patient consented to share them.
 */
export function pathwayCsv(
  records: readonly ReferralRecord[],
  period: PathwayPeriod,
  labels: CsvLabels,
  identified: ((r: ReferralRecord) => IdentifiedFields) | null = null,
): string {
  const cols: CsvColumn[] = [...(identified ? IDENTIFIED_COLUMNS : []), ...CSV_COLUMNS];
  const lines = [cols.map((c) => csvCell(labels.columns[c])).join(',')];
  for (const r of records.filter((x) => inPeriod(x, period)).sort((a, b) => a.createdAt - b.createdAt)) {
    const who = identified?.(r);
    const cells: Record<CsvColumn, string | number> = {
      patientName: who?.patientName ?? '',
      healthNumber: who?.healthNumber ?? '',
      referralId: r.id,
      created: iso(r.createdAt),
      sent: iso(r.sentAt),
      state: labels.state(r.state),
      needs: r.needs.map(labels.need).join('; '),
      priority: r.priority,
      programs: r.programCount,
      navigatorChooses: r.letNavigatorChoose ? labels.yes : labels.no,
      accepted: iso(r.acceptedAt),
      completed: iso(r.completedAt),
      closed: iso(r.closedAt),
      hoursToAcceptance: hours(r.sentAt, r.acceptedAt),
      hoursToCompletion: hours(r.sentAt, r.completedAt),
    };
    lines.push(cols.map((c) => csvCell(cells[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
