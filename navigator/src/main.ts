// `npm run navigator`: the reference navigator alone. PORT (default 8787), HOST (default 127.0.0.1), DATA_DIR,
// DATABASE_URL (+ PG_SCHEMA), NAVIGATOR_FAULTS=1 (test fault injection), NAVIGATOR_LOG=0 (quiet). `npm run navigator -- <command>` runs a CLI command.
import { COMMANDS, runCli } from './cli';
import { startNavigator } from './index';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] && (COMMANDS as readonly string[]).includes(args[0])) process.exit(await runCli(args));

  const port = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0–65535, got ${process.env.PORT}`);
  const nav = await startNavigator({
    port,
    host: process.env.HOST || '127.0.0.1',
    dataDir: process.env.DATA_DIR || undefined,
    databaseUrl: process.env.DATABASE_URL || undefined,
    pgSchema: process.env.PG_SCHEMA || undefined,
    faults: process.env.NAVIGATOR_FAULTS === '1',
    seedDemo: true,
    log: process.env.NAVIGATOR_LOG !== '0',
  });

  const lines = [
    `Social Rx reference navigator (${nav.storage === 'postgres' ? 'PostgreSQL' : 'PGlite'})`,
    `  Link-worker inbox:     ${nav.url}/inbox`,
    `  navigatorFhirBaseUrl:  ${nav.fhirBaseUrl}`,
    `  catalogHsdsBaseUrl:    ${nav.hsdsBaseUrl}`,
  ];
  if (nav.seeded) {
    const r = nav.seeded.report;
    lines.push(
      `  Catalog seeded from ${nav.seeded.source}: ${r.services.created} programs, ${r.organizations} organizations`,
    );
  }
  const [tokens, users] = await Promise.all([
    nav.db.query('SELECT count(*)::int AS n FROM clinic_token'),
    nav.db.query('SELECT count(*)::int AS n FROM app_user'),
  ]);
  if (Number(tokens[0]?.n) === 0 && Number(users[0]?.n) === 0) {
    // First start: fictional demo credentials, printed once (only hashes are stored).
    const token = await nav.createClinicToken('Demo Clinic');
    const worker = await nav.createUser('linkworker', 'link-worker');
    const admin = await nav.createUser('admin', 'admin');
    lines.push(
      '',
      '  First start — demo credentials (shown once; only hashes are stored):',
      `  navigatorToken (Demo Clinic):  ${token}`,
      `  Inbox link worker:             ${worker.username} / ${worker.password}`,
      `  Inbox administrator:           ${admin.username} / ${admin.password}`,
    );
  } else {
    lines.push(
      '',
      '  Tokens and passwords are stored hashed. New ones: npm run navigator -- create-token "<clinic>"  |  create-user <name> <role>',
    );
  }
  if (process.env.NAVIGATOR_FAULTS === '1') lines.push(`  Fault injection ON: ${nav.url}/__test/faults`);
  lines.push('', 'Press Ctrl+C to stop.');
  console.log(lines.join('\n'));

  const stop = async () => {
    await nav.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(`navigator failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
