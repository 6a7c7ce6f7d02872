// `npm start`: builds the extension (loopback build), starts the reference navigator with its embedded database and
// demo catalog, serves the demo EMR pages, and says how to load the extension.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startEmrServer } from '../tests/support/emr-server';

const root = fileURLToPath(new URL('..', import.meta.url));
const extDir = fileURLToPath(new URL('../.output/chrome-mv3', import.meta.url));

console.log('Building the extension (npm run build:e2e)…');
const build = spawnSync('npm', ['run', 'build:e2e'], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

let fixtures: { urlPath: string; file: string }[] = [];
try {
  fixtures =
    ((await import('../lib/emr/fixtures-index')) as { EMR_FIXTURES?: typeof fixtures }).EMR_FIXTURES ?? [];
} catch {
  fixtures = [];
}
const emr = await startEmrServer({ port: Number(process.env.EMR_PORT ?? 8080), fixtures });

let navigatorLines: string[] = ['(reference navigator not available in this checkout)'];
const navigatorEntry = fileURLToPath(new URL('../navigator/src/index.ts', import.meta.url));
if (existsSync(navigatorEntry)) {
  type StartNavigator = (o: Record<string, unknown>) => Promise<{
    url: string;
    fhirBaseUrl: string;
    hsdsBaseUrl: string;
    createClinicToken(clinic: string): Promise<string>;
    createUser(username: string, role: string): Promise<{ username: string; password: string }>;
  }>;
  const { startNavigator } = (await import('../navigator/src/index')) as unknown as {
    startNavigator: StartNavigator;
  };
  const nav = await startNavigator({ port: Number(process.env.PORT ?? 8787), seedDemo: true, log: false });
  const token = await nav.createClinicToken('Demo Clinic');
  // Passwords are stored hashed, so each start makes a fresh fictional link-worker login it can print.
  const worker = await nav
    .createUser('linkworker', 'link-worker')
    .catch(() => nav.createUser(`linkworker${Date.now() % 100000}`, 'link-worker'));
  navigatorLines = [
    `Inbox login:            ${worker.username} / ${worker.password}`,
    `Navigator inbox:        ${nav.url}/inbox`,
    `navigatorFhirBaseUrl:   ${nav.fhirBaseUrl}`,
    `navigatorToken:         ${token}`,
    `catalogHsdsBaseUrl:     ${nav.hsdsBaseUrl}`,
    `catalogToken:           (the same token: listing problem reports need it)`,
  ];
}

console.log(`
Social Rx demo is running (fictional patients only).

Demo EMR pages:
  ${emr.url}/demo-emr/chart.html       one patient's encounter
  ${emr.url}/demo-emr/spa.html         single-page chart, the patient switches in place
  ${emr.url}/demo-emr/schedule.html    a day sheet (several patients → no patient)

${navigatorLines.join('\n')}

Load the extension in Chrome or Edge:
  1. open chrome://extensions (edge://extensions), turn on Developer mode
  2. "Load unpacked" → ${extDir}
  3. open the extension's Options, paste the navigator and catalog values above, Save
  4. open a demo EMR page and click the Social Rx button (or the toolbar icon) to open the side panel

Press Ctrl+C to stop.`);
