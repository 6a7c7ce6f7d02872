import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/database';
import { countServices, type ImportReport, importHsds } from './import';

export const DEMO_CATALOG = fileURLToPath(
  new URL('../../../lib/catalog/demo/demo-catalog.json', import.meta.url),
);
const OFFICIAL_EXAMPLES = ['organization_full.json', 'service_full.json'].map((f) =>
  fileURLToPath(new URL(`./examples/${f}`, import.meta.url)),
);

/**
 * Seeds the catalog when it is empty: the demo catalog (lib/catalog/demo/demo-catalog.json) when present, else
 * the official HSDS 3.0 examples. Returns what was imported, or null when the catalog already had services.
 */
export async function seedDemoCatalog(
  db: Database,
): Promise<{ source: string; report: ImportReport } | null> {
  if ((await countServices(db)) > 0) return null;
  const files = existsSync(DEMO_CATALOG) ? [DEMO_CATALOG] : OFFICIAL_EXAMPLES;
  let report: ImportReport | null = null;
  for (const f of files) {
    const r = await importHsds(db, JSON.parse(readFileSync(f, 'utf8')));
    report = report
      ? {
          services: {
            created: report.services.created + r.services.created,
            updated: report.services.updated + r.services.updated,
            unchanged: report.services.unchanged + r.services.unchanged,
          },
          organizations: report.organizations + r.organizations,
          taxonomyTerms: report.taxonomyTerms + r.taxonomyTerms,
          rejected: [...report.rejected, ...r.rejected],
        }
      : r;
  }
  return { source: files.length === 1 ? 'demo-catalog' : 'hsds-3.0-examples', report: report! };
}
