// 500 referrals queued while the navigator is down, then it comes back (issue 7, reliability.md R1): the built
// extension in real Chromium (FAULTS_EXTENSION_PATH, else .output/chrome-mv3), the test navigator on loopback (PGlite
// in a temp folder) behind the recording proxy of the fault suite. Referrals are submitted the way the side panel does
// (`referral.submit` from an extension page, each acknowledged "queued" after the durable write) while both the proxy
// and the navigator refuse connections, so the outbox also records failed attempts and their backoff. Then both come
// back and NOTHING nudges the extension: delivery runs on its own triggers (the 1-minute outbox alarm).
//   referral.drain500.s   navigator back → the outbox holds all 500 as "sent" (budget: reliability.md R1, ≤ 15 min)
// The run counts only if the navigator then holds exactly one ServiceRequest and one Task per referral.
// Usage: npx tsx bench/referral-drain.bench.ts [n]   (npm run bench builds the extension first)
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_PATH } from '../tests/e2e/fixtures';
import { ExtensionSession, settle } from '../tests/support/faults/extension-harness';
import { TestNavigator } from '../tests/support/faults/navigator-control';
import { startRecordingProxy } from '../tests/support/faults/recording-proxy';
import { shimNames } from '../tests/support/navigator-fixture';
import { buildReferralRequest } from '../tests/support/referral-factory';
import { figure, recordFigures } from './lib/results';

const N = Math.max(1, Number(process.argv[2] ?? 500));
const BUDGET_S = 15 * 60;
const extension = process.env.FAULTS_EXTENSION_PATH ?? EXTENSION_PATH;
if (!existsSync(`${extension}/manifest.json`)) {
  console.error(`No built extension in ${extension}: run \`npm run build:e2e\` first (npm run bench does).`);
  process.exit(1);
}
process.env.FAULTS_EXTENSION_PATH = extension;
// As in the fault suite: the suite watches traffic through the proxy, not Playwright's worker instrumentation.
process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK = '1';

const nav = await TestNavigator.start();
const proxy = await startRecordingProxy(() => nav.url);
const dir = await mkdtemp(join(tmpdir(), 'social-rx-bench-drain-'));
let session: ExtensionSession | null = null;
let seconds: number;
try {
  session = await ExtensionSession.launch(dir);
  await shimNames(session.page); // tsx compiles the harness's in-page functions with esbuild's __name helper
  await session.configureNavigator({ fhirBaseUrl: `${proxy.url}/fhir`, token: nav.token });

  await proxy.down();
  await nav.down();
  const ids = Array.from({ length: N }, () => randomUUID());
  const t0 = Date.now();
  const replies = await session.submitMany(
    ids.map((referralId) => buildReferralRequest({ referralId, navigatorFhirBaseUrl: `${proxy.url}/fhir` })),
    2,
  );
  const refused = replies.filter((r) => !(r.ok && r.data.state === 'queued')).length;
  if (refused) throw new Error(`${refused} of ${N} submissions were not acknowledged "queued"`);
  const before = await session.outbox();
  const tried = [...before.values()].filter((r) => r.attempts > 0).length;
  console.log(
    `${N} queued while the navigator is down in ${((Date.now() - t0) / 1000).toFixed(1)} s (${tried} tried)`,
  );

  await nav.up();
  await proxy.listen();
  const back = Date.now();
  const done = await settle(session, ids, { timeoutMs: BUDGET_S * 1000 + 60_000, nudgeEveryMs: 0 });
  seconds = (Date.now() - back) / 1000;
  const open = ids.filter((id) => done.get(id)?.state !== 'sent');
  if (open.length) throw new Error(`${open.length} not sent after ${seconds.toFixed(0)} s`);

  const counts = await nav.counts(ids);
  const wrong = ids.filter((id) => {
    const c = counts.get(id);
    return c?.serviceRequests !== 1 || c.tasks !== 1;
  });
  if (wrong.length) throw new Error(`${wrong.length} referrals are not exactly once at the navigator`);
  const wanted = new Set<string>(ids);
  const posts = proxy.posts().filter((p) => p.key !== null && wanted.has(p.key));
  const firstOk = Math.min(
    ...posts.filter((p) => p.status === 200 || p.status === 201).map((p) => p.startedAt),
  );
  console.log(
    `all ${N} delivered ${seconds.toFixed(1)} s after the navigator came back (first 2xx after ${((firstOk - back) / 1000).toFixed(1)} s; ${posts.length} POSTs in all)`,
  );
} finally {
  await session?.close().catch(() => undefined);
  await proxy.close();
  await nav.close();
  await rm(dir, { recursive: true, force: true });
}

await recordFigures([figure('referral.drain500.s', seconds, 's', BUDGET_S)]);
