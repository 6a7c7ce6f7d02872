import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { log as platformLog } from '../../lib/platform/log';
import { createClinicToken, TokenVerifier } from './auth/tokens';
import { createUser as createUserRecord, type Role } from './auth/users';
import { type NavigatorContext, type NavLog, newMetrics } from './context';
import type { Database } from './db/database';
import { openDatabase } from './db/open';
import { FaultInjector } from './faults/injector';
import { purgeExpiredKeys } from './fhir/idempotency';
import { ensureDefinitions } from './fhir/validate';
import { type ImportReport, importHsds } from './hsds/import';
import { seedDemoCatalog } from './hsds/seed';
import { buildServer } from './server';

export interface StartNavigatorOptions {
  /** 0 = a random free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** PGlite data folder, or 'memory'. Default navigator/data/. Ignored when databaseUrl is set. */
  dataDir?: string;
  /** PostgreSQL connection string; when set the service uses PostgreSQL instead of PGlite. */
  databaseUrl?: string;
  /** PostgreSQL schema (created if missing); lets several instances share one database (tests). */
  pgSchema?: string;
  /** Enables /__test/* and the fault plan. Never in production. */
  faults?: boolean;
  /** Seeds the demo catalog when the catalog is empty. */
  seedDemo?: boolean;
  /** Logs event codes, statuses and ids (never patient data) to the console. */
  log?: boolean;
}

export interface NavigatorHandle {
  url: string;
  fhirBaseUrl: string;
  hsdsBaseUrl: string;
  storage: 'pglite' | 'postgres';
  createClinicToken(clinic: string): Promise<string>;
  /** Creates an inbox user; returns the password (generated when not given). */
  createUser(
    username: string,
    role: Role,
    password?: string,
  ): Promise<{ username: string; password: string }>;
  importHsds(doc: unknown): Promise<ImportReport>;
  /** The seeding result, when seedDemo imported something on this start. */
  seeded: { source: string; report: ImportReport } | null;
  /** For tests and tools in this repo: direct database access. */
  db: Database;
  close(): Promise<void>;
}

const VERSION =
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string })
    .version ?? '0.0.0';

export async function startNavigator(opts: StartNavigatorOptions = {}): Promise<NavigatorHandle> {
  ensureDefinitions();
  const db = await openDatabase({
    databaseUrl: opts.databaseUrl,
    pgSchema: opts.pgSchema,
    dataDir: opts.dataDir,
  });
  try {
    await purgeExpiredKeys(db);
    const seeded = opts.seedDemo ? await seedDemoCatalog(db) : null;
    const log: NavLog = opts.log
      ? (level, code, facts) => platformLog(level, `navigator.${code}`, facts)
      : () => undefined;
    const ctx: NavigatorContext = {
      db,
      tokens: new TokenVerifier(db),
      metrics: newMetrics(),
      faults: opts.faults ? new FaultInjector() : null,
      log,
      version: VERSION,
    };
    const app = await buildServer(ctx);
    await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
    const addr = app.server.address() as AddressInfo;
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${addr.port}`;
    log('info', 'started', { storage: db.kind, port: addr.port, faults: Boolean(opts.faults) });
    let closed = false;
    return {
      url,
      fhirBaseUrl: `${url}/fhir`,
      hsdsBaseUrl: `${url}/hsds`,
      storage: db.kind,
      createClinicToken: (clinic) => createClinicToken(db, clinic),
      createUser: async (username, role, password) => {
        const r = await createUserRecord(db, username, role, password);
        return { username: r.user.username, password: r.password };
      },
      importHsds: (doc) => importHsds(db, doc),
      seeded,
      db,
      close: async () => {
        if (closed) return;
        closed = true;
        await app.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
