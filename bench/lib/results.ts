import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';

export const Figure = z.object({
  name: z.string(),
  value: z.number(),
  unit: z.string(),
  /** The least we accept; `null` for "report" figures. */
  budget: z.number().nullable(),
  ok: z.boolean(),
});
export type Figure = z.infer<typeof Figure>;

const RESULTS_DIR = new URL('../results/', import.meta.url);
const LATEST = new URL('latest.json', RESULTS_DIR);

/** `lower`: smaller is better (times, bytes); `higher`: larger is better (throughput, recall). */
export function figure(
  name: string,
  value: number,
  unit: string,
  budget: number | null,
  better: 'lower' | 'higher' = 'lower',
): Figure {
  const ok = budget === null ? true : better === 'lower' ? value <= budget : value >= budget;
  return { name, value: Math.round(value * 1000) / 1000, unit, budget, ok };
}

/** Starts a fresh results file (scripts/bench.mjs calls this once per `npm run bench`). */
export async function resetResults(): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(LATEST, '[]\n');
}

/** Appends (replacing same-named) figures to bench/results/latest.json and prints them as a table. */
export async function recordFigures(figures: Figure[]): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  let existing: Figure[];
  try {
    existing = z.array(Figure).parse(JSON.parse(await readFile(LATEST, 'utf8')));
  } catch {
    existing = [];
  }
  const names = new Set(figures.map((f) => f.name));
  const all = [...existing.filter((f) => !names.has(f.name)), ...figures];
  await writeFile(LATEST, JSON.stringify(all, null, 2) + '\n');
  console.table(
    figures.map((f) => ({
      figure: f.name,
      value: f.value,
      unit: f.unit,
      budget: f.budget ?? 'report',
      ok: f.ok,
    })),
  );
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
