import type { FaultKind, FaultPlan, FaultRule } from './plan';

export interface ActiveRule extends FaultRule {
  id: number;
  applied: number;
}

export type FaultStats = Record<FaultKind, number>;

/** mulberry32: tiny seeded PRNG so probability-based plans are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pathMatches(pattern: string, path: string): boolean {
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return path === pattern || path === `${pattern}/`;
}

/** Holds the current fault plan and decides, per request, which fault (if any) to inject. */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  private random: () => number = Math.random;
  readonly injected: FaultStats = { delay: 0, status: 0, reset: 0, 'commit-then-drop': 0 };

  setPlan(plan: FaultPlan): ActiveRule[] {
    this.rules = plan.rules.map((r, i) => ({ ...r, id: i + 1, applied: 0 }));
    this.random = plan.seed === undefined ? Math.random : prng(plan.seed);
    return this.rules;
  }

  clear(): void {
    this.rules = [];
  }

  current(): ActiveRule[] {
    return this.rules;
  }

  /** The first live rule matching this request, consumed (times) or drawn (probability) — or null. */
  pick(method: string, path: string): ActiveRule | null {
    for (const rule of this.rules) {
      const space = rule.match.indexOf(' ');
      const m = rule.match.slice(0, space);
      if (m !== '*' && m !== method) continue;
      if (!pathMatches(rule.match.slice(space + 1), path)) continue;
      if (rule.times !== undefined && rule.applied >= rule.times) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.applied++;
      this.injected[rule.kind] += 1;
      return rule;
    }
    return null;
  }
}
