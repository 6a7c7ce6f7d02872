// Reference navigator throughput: unique referral transaction Bundles (12 entries each, Idempotency-Key, conditional
// create on every entry) POSTed on loopback with autocannon for a bounded time, against PGlite and — when
// DATABASE_URL is set — PostgreSQL. The navigator runs in its own process (as `npm run navigator` does), so the load
// tool does not share its event loop. Figures: navigator.referrals.per_s and navigator.p99.ms, suffixed .pglite /
// .postgres; the unsuffixed names are PGlite's. Budget: none (report).
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { dropSchema } from '../navigator/src/db/postgres';
import { referralBundle } from '../navigator/src/testing/referral-bundle';
import { figure, type Figure, recordFigures } from './lib/results';

const DURATION_S = Number(process.env.NAVIGATOR_BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.NAVIGATOR_BENCH_CONNECTIONS ?? 10);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

// autocannon ships no types; this is the part of its API used here.
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonResult {
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p99: number; average: number };
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  requests: { method: string; setupRequest: (req: AutocannonRequest) => AutocannonRequest }[];
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface Running {
  fhirBaseUrl: string;
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** Starts `navigator/src/main.ts` on a random port and reads its URLs and the first-start demo token. */
async function startNavigatorProcess(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'navigator/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', NAVIGATOR_LOG: '0', NAVIGATOR_FAULTS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 120_000;
  while (!out.includes('Press Ctrl+C to stop.')) {
    if (child.exitCode !== null) throw new Error(`navigator exited with ${child.exitCode}: ${err || out}`);
    if (Date.now() > deadline) throw new Error(`navigator did not start in time: ${err || out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const fhirBaseUrl = /navigatorFhirBaseUrl:\s+(\S+)/.exec(out)?.[1];
  const token = /navigatorToken \(Demo Clinic\):\s+(\S+)/.exec(out)?.[1];
  if (!fhirBaseUrl || !token) throw new Error(`unexpected navigator output:\n${out}`);
  return {
    fhirBaseUrl,
    url: fhirBaseUrl.replace(/\/fhir$/, ''),
    token,
    stop: async () => {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const Stats = z.object({
  serviceRequests: z.number(),
  tasks: z.number(),
  serviceRequestsWithDuplicateTasks: z.number(),
});

async function run(name: 'pglite' | 'postgres', nav: Running): Promise<{ perS: number; p99: number }> {
  const headers = { 'content-type': 'application/fhir+json', authorization: `Bearer ${nav.token}` };
  // Warm-up: JIT, prepared statements, the validator's caches.
  for (let i = 0; i < 20; i++) {
    const r = await fetch(nav.fhirBaseUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify(referralBundle()),
    });
    if (r.status !== 200) throw new Error(`warm-up POST answered ${r.status}: ${await r.text()}`);
  }
  const before = Stats.parse(await (await fetch(`${nav.url}/__test/stats`)).json());
  const result = await autocannon({
    url: nav.fhirBaseUrl,
    connections: CONNECTIONS,
    duration: DURATION_S,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        // A fresh referral per request: new referral id, task id and patient, as real traffic would be.
        setupRequest: (req) => {
          const referralId = randomUUID();
          return {
            ...req,
            headers: { ...headers, 'idempotency-key': referralId },
            body: JSON.stringify(
              referralBundle({ referralId, healthNumber: String(1e9 + Math.floor(Math.random() * 9e9)) }),
            ),
          };
        },
      },
    ],
  });
  const after = Stats.parse(await (await fetch(`${nav.url}/__test/stats`)).json());
  const created = after.serviceRequests - before.serviceRequests;
  const perS = result['2xx'] / result.duration;
  console.log(
    `${name}: ${result['2xx']} referrals in ${result.duration.toFixed(1)} s (${perS.toFixed(1)}/s), p50 ${result.latency.p50} ms, ` +
      `p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}; ` +
      `server: +${created} ServiceRequests, ${after.serviceRequestsWithDuplicateTasks} with duplicate Tasks`,
  );
  if (result.non2xx > 0 || result.errors > 0)
    console.log(`${name}: status codes ${JSON.stringify(result.statusCodeStats)}`);
  // Exactly once under load: every 2xx is one stored referral (a request cut off by the end of the run may have
  // committed without its 2xx being counted, hence ≥).
  if (created < result['2xx'] || after.serviceRequestsWithDuplicateTasks !== 0) {
    throw new Error(
      `${name}: ${result['2xx']} 2xx but ${created} ServiceRequests created / duplicates ${after.serviceRequestsWithDuplicateTasks}`,
    );
  }
  return { perS, p99: result.latency.p99 };
}

const figures: Figure[] = [];

const dataDir = mkdtempSync(join(tmpdir(), 'navigator-bench-'));
try {
  const nav = await startNavigatorProcess({ DATA_DIR: dataDir });
  try {
    const r = await run('pglite', nav);
    figures.push(
      figure('navigator.referrals.per_s', r.perS, 'referrals/s', null, 'higher'),
      figure('navigator.p99.ms', r.p99, 'ms', null),
      figure('navigator.referrals.per_s.pglite', r.perS, 'referrals/s', null, 'higher'),
      figure('navigator.p99.ms.pglite', r.p99, 'ms', null),
    );
  } finally {
    await nav.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const pgUrl = process.env.DATABASE_URL;
if (pgUrl) {
  const schema = `nav_bench_${randomBytes(5).toString('hex')}`;
  try {
    const nav = await startNavigatorProcess({ DATABASE_URL: pgUrl, PG_SCHEMA: schema });
    try {
      const r = await run('postgres', nav);
      figures.push(
        figure('navigator.referrals.per_s.postgres', r.perS, 'referrals/s', null, 'higher'),
        figure('navigator.p99.ms.postgres', r.p99, 'ms', null),
      );
    } finally {
      await nav.stop();
    }
  } finally {
    await dropSchema(pgUrl, schema);
  }
} else {
  console.log(
    'DATABASE_URL not set: PostgreSQL figures skipped (eval "$(bash scripts/ci-postgres.sh)" to get one).',
  );
}

await recordFigures(figures);
