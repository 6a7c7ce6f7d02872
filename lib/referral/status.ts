import { z } from 'zod';
import type { FhirClient, FhirResult } from '@/lib/fhir/client';
import { log } from '@/lib/platform/log';
import { SYSTEMS } from './codes';
import type { OutboxStore } from './outbox';
import {
  NavigatorNote,
  OPEN_REMOTE_STATES,
  ReferralDetail,
  ReferralRecord,
  TERMINAL_STATES,
  type ReferralState,
} from './records';
import { normalizeBase } from './transport';

/**
 * The closed loop (fhir-sdoh.md §5, §6.2): poll the navigator for Task changes, no more often than configured (plus on
 * panel open, still at most every 30 s), and keep each referral's timeline. Tasks are read, never written: `received`
 * and `ready` (Ontario systems) are mapped on the way in and never sent.
 */

/** The parts of a Task we read. Everything is optional and capped: a server's answer is a boundary. */
const TaskIn = z.object({
  resourceType: z.literal('Task'),
  id: z.string().max(64).optional(),
  meta: z.object({ lastUpdated: z.string().max(40).optional() }).optional(),
  identifier: z
    .array(z.object({ system: z.string().max(300).optional(), value: z.string().max(200).optional() }))
    .max(20)
    .optional(),
  status: z.string().max(40),
  statusReason: z.object({ text: z.string().max(1000).optional() }).optional(),
  businessStatus: z
    .object({
      text: z.string().max(300).optional(),
      coding: z
        .array(z.object({ display: z.string().max(300).optional(), code: z.string().max(100).optional() }))
        .max(10)
        .optional(),
    })
    .optional(),
  lastModified: z.string().max(40).optional(),
  focus: z.object({ reference: z.string().max(300).optional() }).optional(),
  note: z
    .array(z.object({ text: z.string().max(2000) }))
    .max(20)
    .optional(),
  output: z
    .array(
      z.object({
        type: z
          .object({
            text: z.string().max(300).optional(),
            coding: z
              .array(
                z.object({ code: z.string().max(100).optional(), display: z.string().max(300).optional() }),
              )
              .max(5)
              .optional(),
          })
          .optional(),
        valueString: z.string().max(500).optional(),
        valueCodeableConcept: z
          .object({
            text: z.string().max(300).optional(),
            coding: z
              .array(
                z.object({ display: z.string().max(300).optional(), code: z.string().max(100).optional() }),
              )
              .max(5)
              .optional(),
          })
          .optional(),
        valueReference: z
          .object({ reference: z.string().max(300).optional(), display: z.string().max(300).optional() })
          .optional(),
      }),
    )
    .max(20)
    .optional(),
});
type TaskIn = z.infer<typeof TaskIn>;

const ServiceRequestIn = z.object({
  resourceType: z.literal('ServiceRequest'),
  id: z.string().max(64).optional(),
  identifier: z
    .array(z.object({ system: z.string().max(300).optional(), value: z.string().max(200).optional() }))
    .max(20)
    .optional(),
});

/**
 * A search answer's envelope. Entries and links are checked one by one below (a bad one is skipped, not fatal); an
 * envelope of the wrong shape is not a Bundle at all.
 */
const BundleIn = z.object({
  resourceType: z.literal('Bundle'),
  entry: z.array(z.unknown()).max(1000).optional(),
  link: z.array(z.unknown()).max(50).optional(),
});
const EntryIn = z.object({ resource: z.unknown() });
const LinkIn = z.object({ relation: z.string().max(40), url: z.string().max(2000) });

/** Task.status → what the clinic sees. Unknown codes are ignored (reported), never guessed. */
export function mapTaskStatus(status: string): ReferralState | null {
  switch (status) {
    case 'draft':
    case 'requested':
    case 'received': // Ontario eReferral: "received by the receiver" — still waiting for a decision
      return 'sent';
    case 'ready': // Ontario: ready to be acted on = the receiver took it on
    case 'accepted':
      return 'accepted';
    case 'in-progress':
      return 'in-progress';
    case 'on-hold':
      return 'on-hold';
    case 'completed':
      return 'completed';
    case 'rejected':
      return 'rejected';
    case 'cancelled':
      return 'cancelled';
    case 'failed':
      return 'failed';
    case 'entered-in-error':
      return 'entered-in-error';
    default:
      return null;
  }
}

const text = (c: { text?: string; coding?: { display?: string; code?: string }[] } | undefined) =>
  c?.text ?? c?.coding?.find((k) => k.display)?.display ?? c?.coding?.[0]?.code ?? '';

function outputsOf(t: TaskIn): string[] {
  return (t.output ?? [])
    .map((o) => {
      const type = text(o.type);
      const value = o.valueString ?? text(o.valueCodeableConcept) ?? '';
      const ref = o.valueReference?.display ?? o.valueReference?.reference ?? '';
      return [type, value || ref].filter(Boolean).join(': ').slice(0, 500); // NavigatorNote's cap
    })
    .filter(Boolean);
}

const timeOf = (iso: string | undefined, fallback: number) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? fallback : t;
};

export interface PollDeps extends OutboxStore {
  /** A client for the navigator with the token current at this poll. */
  client: (baseUrl: string, token: string) => FhirClient;
  getSettings: () => Promise<{
    navigatorFhirBaseUrl: string;
    navigatorToken: string;
    statusPollMinutes: number;
  }>;
  onChange?: () => void;
}

export interface PollResult {
  polled: boolean;
  changed: number;
}

const FORCED_MIN_INTERVAL_MS = 30_000;
const MAX_PAGES = 10;
const ID_CHUNK = 20;
const lastPollKey = (base: string) => `status:lastPollAt:${base}`;
const cursorKey = (base: string) => `status:cursor:${base}`;

async function openRemoteReferrals(store: OutboxStore, base: string): Promise<ReferralRecord[]> {
  const all = await store.db.getAll('referrals');
  return all
    .map((v) => ReferralRecord.safeParse(v))
    .filter((r) => r.success)
    .map((r) => r.data)
    .filter((r) => OPEN_REMOTE_STATES.has(r.state) && normalizeBase(r.target) === base);
}

/** Collects Tasks (and included ServiceRequests) from a search, following `next` links on the same server. */
async function collect(client: FhirClient, first: Promise<FhirResult>) {
  const tasks: TaskIn[] = [];
  const srs = new Map<string, string>(); // ServiceRequest/<id> → referral id
  let res = await first;
  for (let page = 0; page < MAX_PAGES; page++) {
    if (res.kind !== 'response' || res.status !== 200)
      return {
        ok: false as const,
        tasks,
        srs,
        code: res.kind === 'response' ? `http-${res.status}` : res.error,
      };
    const parsed = BundleIn.safeParse(res.body);
    if (!parsed.success) return { ok: false as const, tasks, srs, code: 'not-a-bundle' };
    const body = parsed.data;
    for (const raw of body.entry ?? []) {
      const e = EntryIn.safeParse(raw);
      if (!e.success) continue;
      const t = TaskIn.safeParse(e.data.resource);
      if (t.success) {
        tasks.push(t.data);
        continue;
      }
      const sr = ServiceRequestIn.safeParse(e.data.resource);
      const rid = sr.success
        ? sr.data.identifier?.find((i) => i.system === SYSTEMS.referral)?.value
        : undefined;
      if (sr.success && sr.data.id && rid) srs.set(`ServiceRequest/${sr.data.id}`, rid);
    }
    const next = (body.link ?? [])
      .map((l) => LinkIn.safeParse(l))
      .find((l) => l.success && l.data.relation === 'next')?.data?.url;
    if (!next) break;
    res = await client.getLink(next);
  }
  return { ok: true as const, tasks, srs, code: '' };
}

function referralIdOf(t: TaskIn, srs: Map<string, string>, byTaskId: Map<string, string>): string | null {
  const own = t.identifier?.find((i) => i.system === SYSTEMS.referralTask)?.value;
  if (own) return own;
  const focus = t.focus?.reference?.replace(/^.*?(ServiceRequest\/[^/]+).*$/, '$1');
  if (focus && srs.has(focus)) return srs.get(focus)!;
  return (t.id && byTaskId.get(t.id)) || null;
}

export function createStatusPoller(deps: PollDeps) {
  let running: Promise<PollResult> | null = null;

  async function apply(
    ref: ReferralRecord,
    t: TaskIn,
  ): Promise<{ changed: boolean; record: ReferralRecord | null }> {
    const state = mapTaskStatus(t.status);
    if (!state) {
      log('warn', 'status.unknown-task-status', { referralId: ref.id, status: t.status.slice(0, 40) });
      return { changed: false, record: null };
    }
    const lastUpdated = t.meta?.lastUpdated ?? t.lastModified ?? null;
    if (lastUpdated && ref.taskLastUpdated && timeOf(lastUpdated, 0) <= timeOf(ref.taskLastUpdated, 0))
      return { changed: false, record: null };
    const detailParsed = ReferralDetail.safeParse(await deps.sealer.open(ref.detail).catch(() => null));
    if (!detailParsed.success) {
      log('warn', 'status.detail-unreadable', { referralId: ref.id });
      return { changed: false, record: null };
    }
    const detail = detailParsed.data;
    const at = timeOf(t.lastModified ?? t.meta?.lastUpdated, deps.now());
    const eventParsed = NavigatorNote.safeParse({
      at,
      state,
      reason: t.statusReason?.text ?? '',
      businessStatus: text(t.businessStatus),
      notes: (t.note ?? []).map((n) => n.text),
      outputs: outputsOf(t),
    });
    if (!eventParsed.success) {
      log('warn', 'status.task-unreadable', { referralId: ref.id });
      return { changed: false, record: null };
    }
    const event = eventParsed.data;
    const prev = detail.events.at(-1);
    const same =
      state === ref.state &&
      !!prev &&
      prev.reason === event.reason &&
      prev.businessStatus === event.businessStatus &&
      JSON.stringify(prev.notes) === JSON.stringify(event.notes) &&
      JSON.stringify(prev.outputs) === JSON.stringify(event.outputs);
    const nothingNew =
      state === ref.state &&
      !prev &&
      !event.reason &&
      !event.businessStatus &&
      !event.notes.length &&
      !event.outputs.length;
    const sealed =
      same || nothingNew
        ? null
        : await deps.sealer.seal({ ...detail, events: [...detail.events, event].slice(-200) });

    const tx = deps.db.transaction('referrals', 'readwrite', { durability: 'strict' });
    const fresh = ReferralRecord.safeParse(await tx.store.get(ref.id));
    if (!fresh.success || TERMINAL_STATES.has(fresh.data.state)) {
      await tx.done;
      return { changed: false, record: null };
    }
    const r = fresh.data;
    const next: ReferralRecord = {
      ...r,
      taskLastUpdated: lastUpdated ?? r.taskLastUpdated,
      taskId: r.taskId ?? t.id ?? null,
    };
    if (sealed) {
      next.detail = sealed;
      next.state = state;
      next.updatedAt = deps.now();
      next.timeline = [
        ...r.timeline,
        { at, state, raw: t.status.slice(0, 40), source: 'navigator' as const },
      ].slice(-200);
      if (state === 'accepted' || state === 'in-progress' || state === 'completed') next.acceptedAt ??= at;
      if (state === 'completed') next.completedAt ??= at;
      if (TERMINAL_STATES.has(state)) next.closedAt ??= at;
    }
    void tx.store.put(next);
    await tx.done;
    return { changed: !!sealed, record: next };
  }

  async function run(force: boolean): Promise<PollResult> {
    const settings = await deps.getSettings();
    const base = normalizeBase(settings.navigatorFhirBaseUrl);
    if (!base) return { polled: false, changed: 0 };
    const now = deps.now();
    const last = await deps.db.get('meta', lastPollKey(base));
    const minInterval = force ? FORCED_MIN_INTERVAL_MS : settings.statusPollMinutes * 60_000;
    if (typeof last === 'number' && now - last < minInterval) return { polled: false, changed: 0 };
    await deps.db.put('meta', now, lastPollKey(base));

    const open = await openRemoteReferrals(deps, base);
    if (!open.length) return { polled: true, changed: 0 };
    const byId = new Map(open.map((r) => [r.id, r]));
    const byTaskId = new Map(open.filter((r) => r.taskId).map((r) => [r.taskId!, r.id]));
    const client = deps.client(base, settings.navigatorToken);
    const cursor = await deps.db.get('meta', cursorKey(base));
    const results: Awaited<ReturnType<typeof collect>>[] = [];
    if (typeof cursor === 'string') {
      results.push(
        await collect(
          client,
          client.search('Task', [
            ['_lastUpdated', `gt${cursor}`],
            ['_include', 'Task:focus'],
            ['_count', '100'],
          ]),
        ),
      );
    } else {
      // First poll for this navigator: ask for our own Tasks by identifier.
      const ids = [...byId.keys()];
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const value = ids
          .slice(i, i + ID_CHUNK)
          .map((id) => `${SYSTEMS.referralTask}|${id}`)
          .join(',');
        results.push(
          await collect(
            client,
            client.search('Task', [
              ['identifier', value],
              ['_include', 'Task:focus'],
            ]),
          ),
        );
      }
    }
    const failed = results.find((r) => !r.ok);
    if (failed) log('warn', 'status.poll-failed', { code: failed.code });

    let changed = 0;
    let maxUpdated: string | null = typeof cursor === 'string' ? cursor : null;
    for (const r of results) {
      for (const t of r.tasks) {
        const lu = t.meta?.lastUpdated;
        if (lu && (!maxUpdated || timeOf(lu, 0) > timeOf(maxUpdated, 0))) maxUpdated = lu;
        const rid = referralIdOf(t, r.srs, byTaskId);
        const ref = rid ? byId.get(rid) : undefined;
        if (!ref) continue; // not one of this workstation's open referrals
        const applied = await apply(ref, t);
        if (applied.record) byId.set(ref.id, applied.record); // a later page may hold a newer version of this Task
        if (applied.changed) changed++;
      }
    }
    // The cursor only moves on a complete answer and follows the server's clock (never the browser's). It is kept
    // 1 ms behind the newest change seen, so `gt` also returns a Task changed in that same millisecond.
    if (!failed && maxUpdated && maxUpdated !== cursor) {
      const t = timeOf(maxUpdated, NaN);
      // Date.parse accepts the edge of the Date range, where one millisecond less is no date at all.
      if (!Number.isNaN(t) && !Number.isNaN(new Date(t - 1).getTime()))
        await deps.db.put('meta', new Date(t - 1).toISOString(), cursorKey(base));
    }
    if (changed) deps.onChange?.();
    log('info', 'status.polled', { changed, tasks: results.reduce((n, r) => n + r.tasks.length, 0) });
    return { polled: !failed, changed };
  }

  return {
    poll({ force = false }: { force?: boolean } = {}): Promise<PollResult> {
      running ??= run(force).finally(() => {
        running = null;
      });
      return running;
    },
  };
}
export type StatusPoller = ReturnType<typeof createStatusPoller>;
