import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { type Database, type Row, type Sql, type SqlParam, withRetries } from './database';

/**
 * Embedded PostgreSQL (WASM). `dataDir` is a folder (created if missing; survives restarts) or 'memory'.
 * PGlite has a single connection and serialises transactions itself, so concurrent requests queue here.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  let unlock = () => undefined as void;
  if (dataDir !== 'memory') {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir === 'memory' ? 'memory://' : dataDir);
  } catch (err) {
    unlock();
    throw err;
  }
  const wrap = (q: PGlite | Transaction): Sql => ({
    async query(text: string, params: readonly SqlParam[] = []): Promise<Row[]> {
      const res = await q.query<Row>(text, [...params]);
      return res.rows;
    },
    async exec(script: string): Promise<void> {
      await q.exec(script);
    },
  });
  const top = wrap(db);
  return {
    kind: 'pglite',
    query: top.query,
    exec: top.exec,
    transaction: <T>(fn: (tx: Sql) => Promise<T>) => withRetries(() => db.transaction((tx) => fn(wrap(tx)))),
    close: async () => {
      try {
        await db.close();
      } finally {
        unlock();
      }
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: two processes on one data folder would corrupt it. A lock file with the owner's
 * pid stops a second opener (for example the CLI while the server runs) with a clear message; a stale lock left by
 * a crashed process is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = join(dir, '.navigator.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new Error(
          `the data folder ${dir} is in use by process ${pid} (a running navigator?); stop it first or use its HTTP API`,
          { cause: err },
        );
      }
      if (pid === process.pid)
        throw new Error(`the data folder ${dir} is already open in this process`, { cause: err });
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock the data folder ${dir}`);
}
