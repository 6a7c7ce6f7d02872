import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../src/db/migrate';
import { openPglite } from '../src/db/pglite';
import { startNavigator } from '../src/index';
import { referralBundle } from '../src/testing/referral-bundle';
import { backends, fhir } from './harness';

describe('migrations', () => {
  it('are numbered without gaps and apply once, in order', async () => {
    const ms = loadMigrations();
    expect(ms.map((m) => Number(m.version))).toEqual(ms.map((_, i) => i + 1));
    const db = await openPglite('memory');
    try {
      expect(await migrate(db)).toEqual(ms.map((m) => m.version));
      expect(await migrate(db)).toEqual([]);
      const tables = await db.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining([
          'fhir_resource',
          'fhir_identifier',
          'idempotency_key',
          'hsds_service',
          'app_user',
          'audit_event',
        ]),
      );
    } finally {
      await db.close();
    }
  });
});

describe('migration 0004 (identifiers per clinic) on a database that already holds referrals', () => {
  it("backfills each identifier's clinic from its resource", async () => {
    const all = loadMigrations();
    const db = await openPglite('memory');
    try {
      await migrate(db, all.slice(0, 3));
      await db.exec(`
        INSERT INTO clinic (id, name, created_at) VALUES ('c1', 'Clinic One', now());
        INSERT INTO fhir_resource VALUES ('ServiceRequest', 'sr1', 1, now(), 'c1', '{"resourceType":"ServiceRequest"}');
        INSERT INTO fhir_identifier VALUES ('ServiceRequest', 'urn:social-rx:referral', 'r-1', 'sr1');`);
      expect(await migrate(db, all)).toEqual(all.slice(3).map((m) => m.version));
      const rows = await db.query('SELECT clinic_id, resource_id FROM fhir_identifier');
      expect(rows).toEqual([{ clinic_id: 'c1', resource_id: 'sr1' }]);
    } finally {
      await db.close();
    }
  });
});

describe('PGlite data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'navigator-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('survives a restart: tokens, referrals and the catalog are still there', async () => {
    const first = await startNavigator({ dataDir: dir, seedDemo: true });
    const token = await first.createClinicToken('Persistent Clinic');
    const post = await fhir(first, '', { token, body: referralBundle() });
    expect(post.status).toBe(200);
    const taskLocation = (post.body.entry as { response: { location: string } }[]).at(-1)!.response.location;
    const services = first.seeded?.report.services.created ?? 0;
    expect(services).toBeGreaterThan(0);
    await first.close();

    const second = await startNavigator({ dataDir: dir, seedDemo: true });
    try {
      expect(second.seeded).toBeNull();
      const task = await fhir(second, `/${taskLocation.split('/_history')[0]}`, { token });
      expect(task.status).toBe(200);
      const list = (await (await fetch(`${second.hsdsBaseUrl}/services?per_page=1`)).json()) as {
        total_items: number;
      };
      expect(list.total_items).toBe(services);
    } finally {
      await second.close();
    }
  });
});

describe.each(backends())('startNavigator on $name', (backend) => {
  it('listens on loopback and reports its URLs', async () => {
    const nav = await backend.start();
    try {
      expect(nav.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(nav.fhirBaseUrl).toBe(`${nav.url}/fhir`);
      expect(nav.hsdsBaseUrl).toBe(`${nav.url}/hsds`);
      expect(nav.storage).toBe(backend.name);
      expect((await fetch(`${nav.url}/healthz`)).status).toBe(200);
    } finally {
      await nav.close();
    }
  });
});
