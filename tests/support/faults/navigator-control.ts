import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { SYSTEMS } from '../../../lib/referral/codes';
import { startNavigator, type NavigatorHandle } from '../../../navigator/src/index';

/**
 * The test navigator for the fault suite: PGlite in a real temporary folder (so it can be stopped and started again on
 * the SAME port with the SAME data, which is what "the server is down, then it recovers" means), fault injection on.
 */

const FaultKindCounts = z.object({
  delay: z.number(),
  status: z.number(),
  reset: z.number(),
  'commit-then-drop': z.number(),
});
export type FaultKindCounts = z.infer<typeof FaultKindCounts>;

const Counts = z.record(z.string(), z.object({ serviceRequests: z.number(), tasks: z.number() }));
const Stats = z
  .object({
    serviceRequests: z.number(),
    tasks: z.number(),
    serviceRequestsWithDuplicateTasks: z.number(),
    serviceRequestsWithoutTask: z.number(),
    faultsInjected: FaultKindCounts,
  })
  .loose();
export type NavigatorStats = z.infer<typeof Stats>;

export interface FaultRuleInput {
  match: string;
  kind: 'delay' | 'status' | 'reset' | 'commit-then-drop';
  status?: number;
  retryAfter?: number;
  delayMs?: number;
  times?: number;
  probability?: number;
}

/** The ServiceRequest business identifier the extension puts on a referral (token search form). */
export const referralIdentifier = (referralId: string) => `${SYSTEMS.referral}|${referralId}`;

export class TestNavigator {
  private handle: NavigatorHandle | null = null;
  /** Faults injected by navigator instances already stopped (each instance counts from zero). */
  private injectedBefore: FaultKindCounts = { delay: 0, status: 0, reset: 0, 'commit-then-drop': 0 };
  /** Total injected when the current test began (`faultsInjected` counts from there). */
  private baseline = 0;
  port = 0;
  token = '';

  private constructor(readonly dataDir: string) {}

  static async start(): Promise<TestNavigator> {
    const nav = new TestNavigator(await mkdtemp(join(tmpdir(), 'social-rx-nav-')));
    await nav.up();
    nav.token = await nav.live().createClinicToken('Fault Suite Clinic');
    return nav;
  }

  private live(): NavigatorHandle {
    if (!this.handle) throw new Error('the test navigator is down');
    return this.handle;
  }

  get isUp(): boolean {
    return this.handle !== null;
  }
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get fhirBaseUrl(): string {
    return `${this.url}/fhir`;
  }

  /** Starts (again) on the same port and data folder. */
  async up(): Promise<void> {
    if (this.handle) return;
    this.handle = await startNavigator({ port: this.port, dataDir: this.dataDir, faults: true });
    this.port = Number(new URL(this.handle.url).port);
  }

  /** Stops the service: connections are closed and the port refuses connections until `up()`. */
  async down(): Promise<void> {
    if (!this.handle) return;
    const stats = await this.stats();
    for (const k of Object.keys(this.injectedBefore) as (keyof FaultKindCounts)[])
      this.injectedBefore[k] += stats.faultsInjected[k];
    await this.handle.close();
    this.handle = null;
  }

  async close(): Promise<void> {
    if (this.handle) await this.handle.close();
    this.handle = null;
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private async call(path: string, init?: RequestInit): Promise<unknown> {
    const res = await fetch(`${this.url}/__test${path}`, init);
    const body: unknown = await res.json();
    if (!res.ok) throw new Error(`navigator ${path}: HTTP ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  async setFaults(rules: FaultRuleInput[], seed?: number): Promise<void> {
    await this.call('/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(seed === undefined ? { rules } : { rules, seed }),
    });
  }

  async clearFaults(): Promise<void> {
    await this.call('/faults', { method: 'DELETE' });
  }

  /** ServiceRequests and Tasks per referral, in batches (the endpoint takes up to 10,000 identifiers). */
  async counts(
    referralIds: readonly string[],
  ): Promise<Map<string, { serviceRequests: number; tasks: number }>> {
    const out = new Map<string, { serviceRequests: number; tasks: number }>();
    for (let i = 0; i < referralIds.length; i += 1000) {
      const chunk = referralIds.slice(i, i + 1000);
      const body = Counts.parse(
        await this.call('/counts', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ identifiers: chunk.map(referralIdentifier) }),
        }),
      );
      for (const id of chunk) out.set(id, body[referralIdentifier(id)] ?? { serviceRequests: 0, tasks: 0 });
    }
    return out;
  }

  async stats(): Promise<NavigatorStats> {
    return Stats.parse(await this.call('/stats'));
  }

  private async injectedTotal(): Promise<number> {
    const now = this.handle ? (await this.stats()).faultsInjected : null;
    return (Object.keys(this.injectedBefore) as (keyof FaultKindCounts)[]).reduce(
      (sum, k) => sum + this.injectedBefore[k] + (now ? now[k] : 0),
      0,
    );
  }

  /** Starts counting injected faults from now (called at the start of each test). */
  async resetFaultCount(): Promise<void> {
    this.baseline = await this.injectedTotal();
  }

  /** Faults the navigator injected since `resetFaultCount`, over every restart. */
  async faultsInjected(): Promise<number> {
    return (await this.injectedTotal()) - this.baseline;
  }

  /** POSTs a transaction Bundle directly (used to plant a conflicting request under a referral's key). */
  async postBundle(bundle: unknown, idempotencyKey: string): Promise<number> {
    const res = await fetch(this.fhirBaseUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/fhir+json',
        authorization: `Bearer ${this.token}`,
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify(bundle),
    });
    await res.arrayBuffer();
    return res.status;
  }
}
