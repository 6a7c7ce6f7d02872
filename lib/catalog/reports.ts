import { z } from 'zod';
import { db as defaultDb } from '@/lib/db';
import { log } from '@/lib/platform/log';
import { CatalogError, apiUrl, type FetchImpl } from './http';
import type { Db } from './store';

/**
 * "Report a problem with this listing": queued in IndexedDB first (so nothing is lost offline), then sent to the
 * catalog publisher as `POST {catalogHsdsBaseUrl}/listing_reports` with the report id as Idempotency-Key (a retry
 * after a lost response cannot create a second report).
 */
export const ListingReportKind = z.enum([
  'closed',
  'wrong-contact',
  'wrong-hours',
  'wrong-eligibility',
  'other',
]);

export const ListingReport = z.object({
  id: z.uuid(),
  serviceId: z.string().min(1).max(100),
  kind: ListingReportKind,
  comment: z.string().max(1000),
  createdAt: z.string().max(40),
  state: z.enum(['queued', 'rejected']),
  attempts: z.number().int().min(0),
  lastStatus: z.number().int().nullable(),
});
export type ListingReport = z.infer<typeof ListingReport>;

const MAX_QUEUED = 500;

export async function queueListingReport(
  input: { serviceId: string; kind: z.infer<typeof ListingReportKind>; comment: string },
  deps: { db?: () => Promise<Db>; now?: () => number; newId?: () => string } = {},
): Promise<ListingReport> {
  const db = await (deps.db ?? defaultDb)();
  if ((await db.count('listingReports')) >= MAX_QUEUED) throw new CatalogError('too-many-records', 'reports');
  const report: ListingReport = {
    id: (deps.newId ?? (() => crypto.randomUUID()))(),
    serviceId: input.serviceId,
    kind: input.kind,
    comment: input.comment.slice(0, 1000),
    createdAt: new Date((deps.now ?? Date.now)()).toISOString(),
    state: 'queued',
    attempts: 0,
    lastStatus: null,
  };
  await db.put('listingReports', report);
  return report;
}

export async function listListingReports(db: Db): Promise<ListingReport[]> {
  const all = await db.getAll('listingReports');
  return all.flatMap((r) => {
    const p = ListingReport.safeParse(r);
    return p.success ? [p.data] : [];
  });
}

export interface DrainDeps {
  fetchImpl: FetchImpl;
  getSettings: () => Promise<{ catalogHsdsBaseUrl: string; catalogToken: string }>;
  db?: () => Promise<Db>;
}

/** Sends queued reports; returns how many were delivered. Network failures leave them queued for the next drain. */
export async function drainListingReports(deps: DrainDeps): Promise<number> {
  const { catalogHsdsBaseUrl: base, catalogToken: token } = await deps.getSettings();
  if (!base) return 0;
  const db = await (deps.db ?? defaultDb)();
  let sent = 0;
  for (const r of await listListingReports(db)) {
    if (r.state !== 'queued') continue;
    let status: number;
    try {
      const res = await deps.fetchImpl(apiUrl(base, 'listing_reports'), {
        method: 'POST',
        credentials: 'omit',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': r.id,
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({
          id: r.id,
          service_id: r.serviceId,
          kind: r.kind,
          comment: r.comment,
          reported_at: r.createdAt,
        }),
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
    } catch {
      await db.put('listingReports', { ...r, attempts: r.attempts + 1 });
      log('info', 'catalog.report.offline', { id: r.id });
      break; // offline: try again on the next drain
    }
    if ((status >= 200 && status < 300) || status === 409) {
      await db.delete('listingReports', r.id);
      sent++;
    } else if (status === 408 || status === 429 || status >= 500) {
      await db.put('listingReports', { ...r, attempts: r.attempts + 1, lastStatus: status });
    } else {
      await db.put('listingReports', {
        ...r,
        state: 'rejected',
        attempts: r.attempts + 1,
        lastStatus: status,
      });
      log('warn', 'catalog.report.rejected', { id: r.id, status });
    }
  }
  return sent;
}
