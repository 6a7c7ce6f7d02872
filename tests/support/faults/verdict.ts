import type { ExtensionSession, ListReply, RawOutbox } from './extension-harness';
import type { TestNavigator } from './navigator-control';
import type { RecordingProxy } from './recording-proxy';

/**
 * The end-of-run checker (reliability.md §3 "Invariants after every run"), Jepsen-style: it looks only at what is
 * observable — the navigator's resources per referral, the extension's stored records, and the traffic the proxy saw —
 * and reports `referrals sent / faults injected / lost / duplicated`.
 */

export interface RunFaults {
  /** Service-worker stops through the DevTools protocol. */
  kills?: number;
  /** Browser restarts on the same profile. */
  restarts?: number;
  /** Times the navigator was taken down. */
  outages?: number;
}

export interface Verdict {
  scenario: string;
  referrals: number;
  sent: number;
  faults: number;
  lost: string[];
  duplicated: string[];
  /** Referrals whose local record is neither terminal nor retrying (e.g. stuck in 'sending'). */
  stuck: string[];
  /** Referrals the extension shows as sent although no 2xx had reached it yet. */
  sentBeforeSuccess: string[];
  /** Referrals sent more than once at the same time (two requests in flight for one Idempotency-Key). */
  concurrent: string[];
  /** Referrals whose first successful answer did not reach the extension (their resend was a dedup hit). */
  dedupHits: number;
  line: string;
}

export interface VerdictInput {
  scenario: string;
  nav: TestNavigator;
  proxy: RecordingProxy;
  session: ExtensionSession;
  /** Every referral the extension acknowledged ('queued'), or holds locally. */
  ids: readonly string[];
  /** Referrals that are expected to wait for a person (R9): needs-attention with the payload kept, not on the server. */
  needsAttention?: ReadonlySet<string>;
  faults?: RunFaults;
}

export async function judge(input: VerdictInput): Promise<Verdict> {
  const { nav, proxy, session, ids } = input;
  const expectAttention = input.needsAttention ?? new Set<string>();
  const outbox = await session.outbox();
  const counts = await nav.counts(ids);
  const list = await session.list();
  const views = new Map<string, ListReply['referrals'][number]>(
    list.ok ? list.data.referrals.map((r) => [r.id, r]) : [],
  );
  const lost: string[] = [];
  const duplicated: string[] = [];
  const stuck: string[] = [];
  const sentBeforeSuccess: string[] = [];
  const concurrent: string[] = [];
  let sent = 0;
  let dedupHits = 0;
  for (const id of ids) {
    const c = counts.get(id) ?? { serviceRequests: 0, tasks: 0 };
    const local: RawOutbox | undefined = outbox.get(id);
    if (c.serviceRequests > 1 || c.tasks > 1) duplicated.push(id);
    if (expectAttention.has(id)) {
      // Waiting for a person is allowed only with the payload kept and nothing at the navigator.
      if (local?.state !== 'needs-attention' || !local.hasPayload || c.serviceRequests !== 0) lost.push(id);
      continue;
    }
    const onServer = c.serviceRequests === 1 && c.tasks === 1;
    if (local?.state === 'sent' && onServer) sent++;
    else if (local?.state === 'queued' || local?.state === 'needs-attention') stuck.push(id);
    else lost.push(id);
    if (local?.state === 'sending') stuck.push(id);
    const posts = proxy.posts(id);
    if (proxy.maxInFlight(id) > 1) concurrent.push(id);
    const firstOk = posts.find((p) => p.status !== null && p.status >= 200 && p.status < 300);
    if (firstOk && posts.some((p) => p.seq > firstOk.seq)) dedupHits++;
    // "Sent" is shown only after a 2xx: the local 'sent' entry cannot predate the first 2xx the navigator gave.
    const view = views.get(id);
    const sentAt = view?.timeline.find((t) => t.state === 'sent')?.at;
    if (sentAt !== undefined && (!firstOk?.upstreamAt || sentAt < firstOk.upstreamAt))
      sentBeforeSuccess.push(id);
  }
  const f = input.faults ?? {};
  const faults = (await nav.faultsInjected()) + (f.kills ?? 0) + (f.restarts ?? 0) + (f.outages ?? 0);
  const line = `[${input.scenario}] referrals sent / faults injected / lost / duplicated: ${sent} / ${faults} / ${lost.length} / ${duplicated.length}`;
  return {
    scenario: input.scenario,
    referrals: ids.length,
    sent,
    faults,
    lost,
    duplicated,
    stuck,
    sentBeforeSuccess,
    concurrent,
    dedupHits,
    line,
  };
}
