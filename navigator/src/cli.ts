// Operator commands for the reference navigator. Run with:  npx tsx navigator/src/cli.ts <command> …
// (or `npm run navigator -- <command> …`). Uses DATA_DIR / DATABASE_URL like the server. With PGlite, stop the
// server first: one process owns a data folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createClinicToken } from './auth/tokens';
import { createUser, Role } from './auth/users';
import type { Database } from './db/database';
import { openDatabase } from './db/open';
import { type ImportReport, ImportShapeError, importHsds } from './hsds/import';

const USAGE = `Usage: tsx navigator/src/cli.ts <command>
  create-token <clinic name>        issue a bearer token for a clinic (printed once; stored as a SHA-256 hash)
  import-hsds <file.json | folder>  import HSDS 3.0 JSON: an array of services, {"services": [...]}, a paged
                                    API response, organization_full / service_full, or a folder of such files
  create-user <username> <role>     create an inbox user; role is link-worker or admin. The password is generated
                                    and printed, or taken from the NAVIGATOR_USER_PASSWORD environment variable
Environment: DATA_DIR (PGlite folder, default navigator/data), DATABASE_URL (PostgreSQL instead of PGlite)`;

export const COMMANDS = ['create-token', 'import-hsds', 'create-user'] as const;

function printReport(name: string, r: ImportReport): void {
  console.log(
    `${name}: ${r.services.created} created, ${r.services.updated} updated, ${r.services.unchanged} unchanged; ` +
      `${r.organizations} organizations, ${r.taxonomyTerms} taxonomy terms; ${r.rejected.length} rejected`,
  );
  for (const rej of r.rejected.slice(0, 50))
    console.log(`  rejected #${rej.index} ${rej.id ?? '(no id)'}: ${rej.reasons.join('; ')}`);
  if (r.rejected.length > 50) console.log(`  … and ${r.rejected.length - 50} more`);
}

async function importPath(db: Database, path: string): Promise<number> {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  let rejected = 0;
  for (const f of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(f, 'utf8'));
    } catch (err) {
      console.error(`${f}: not valid JSON (${(err as Error).message}); nothing imported from it`);
      if (files.length === 1) return 1;
      continue;
    }
    try {
      const report = await importHsds(db, doc);
      printReport(f, report);
      rejected += report.rejected.length;
    } catch (err) {
      if (!(err instanceof ImportShapeError)) throw err;
      if (files.length === 1) {
        console.error(`${f}: ${err.message}`);
        return 1;
      }
      console.log(`${f}: skipped (${err.message.split(':')[0]})`);
    }
  }
  return rejected > 0 ? 3 : 0;
}

export async function runCli(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (!command || !(COMMANDS as readonly string[]).includes(command) || rest.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const db = await openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || undefined,
  });
  try {
    switch (command) {
      case 'create-token': {
        const token = await createClinicToken(db, rest.join(' '));
        console.log(
          `Bearer token for "${rest.join(' ')}" (shown once, store it in the clinic's extension settings):\n${token}`,
        );
        return 0;
      }
      case 'import-hsds':
        return await importPath(db, rest[0]!);
      case 'create-user': {
        const role = Role.safeParse(rest[1]);
        if (!role.success) {
          console.error(`role must be link-worker or admin\n${USAGE}`);
          return 2;
        }
        const { user, password } = await createUser(
          db,
          rest[0]!,
          role.data,
          process.env.NAVIGATOR_USER_PASSWORD || undefined,
        );
        console.log(
          `Created ${user.role} "${user.username}".${process.env.NAVIGATOR_USER_PASSWORD ? '' : ` Password (shown once): ${password}`}`,
        );
        return 0;
      }
    }
    return 2;
  } finally {
    await db.close();
  }
}

const invokedDirectly = process.argv[1] && /cli\.[cm]?[jt]s$/.test(process.argv[1]);
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
