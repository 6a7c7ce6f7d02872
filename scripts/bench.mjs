// `npm run bench`: every benchmark in bench/*.bench.ts, each in its own process, results written fresh to
// bench/results/latest.json (budgets printed beside results).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', '[]\n');
const build = spawnSync('npm', ['run', 'build:e2e'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const only = process.argv.slice(2);
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const b of benches) {
  console.log(`\n▶ bench/${b}`);
  const r = spawnSync('npx', ['tsx', `bench/${b}`], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`✖ bench/${b} exited with ${r.status}`);
  }
}
const all = JSON.parse(readFileSync('bench/results/latest.json', 'utf8'));
console.log('\nAll figures (bench/results/latest.json):');
console.table(
  all.map((f) => ({ figure: f.name, value: f.value, unit: f.unit, budget: f.budget ?? 'report', ok: f.ok })),
);
const over = all.filter((f) => !f.ok);
if (over.length) console.log(`Over budget: ${over.map((f) => f.name).join(', ')}`);
process.exit(failed ? 1 : 0);
