import type { SocialRxDatabase } from '@/lib/db';
import { createFhirClient, type FetchLike } from '@/lib/fhir/client';
import { createI18n } from '@/lib/i18n';
import type { Handler, Handlers } from '@/lib/messaging/router';
import { log } from '@/lib/platform/log';
import type { Sealer } from '@/lib/platform/sealer';
import type { Settings } from '@/lib/settings/schema';
import type { CompletedScreening } from '@/lib/visit/schema';
import { buildReferralBundle, type ScreeningResourceGroup } from './bundle';
import { checkReferralBundle, type FhirValidator } from './bundle-check';
import { createDrainer, type DrainResult } from './drain';
import {
  allOutbox,
  badgeCounts,
  discard,
  enqueueSealed,
  getHold,
  getOutbox,
  getPause,
  OVERDUE_MS,
  purgeReceipts,
  recoverDeadLeases,
  retryNow,
  setHold,
  setPause,
  type BadgeCounts,
  type OutboxStore,
} from './outbox';
import { computePathway, CSV_COLUMNS, IDENTIFIED_COLUMNS, pathwayCsv, type CsvColumn } from './pathway';
import { ReferralDetail, ReferralRecord, type OutboxRecord } from './records';
import type { ReferralRequest } from './request';
import { screeningResourcesFor } from './screening-resources';
import { createStatusPoller } from './status';
import { createTransport, normalizeBase } from './transport';
import { loadReferralValidator } from './validator';
import { stateRank, type ReferralView } from './view';

export interface ReferralServiceDeps {
  database: () => Promise<SocialRxDatabase>;
  /** The outbox sealer (lib/platform/crypto.ts outboxSealer): survives restarts, shreddable. */
  sealer: Sealer;
  getSettings: () => Promise<Settings>;
  fetch: FetchLike;
  /** FHIR resources for the consented screenings; default: lib/screening/fhir.ts via screeningResourcesFor. */
  screeningResources?: (
    screenings: CompletedScreening[],
    req: ReferralRequest,
  ) => ScreeningResourceGroup[] | Promise<ScreeningResourceGroup[]>;
  /** Base R4 validator; defaults to the browser subset (validator.ts). */
  loadValidator?: () => Promise<FhirValidator>;
  now?: () => number;
  random?: () => number;
  uuid?: () => string;
  /** Badge refresh hook: called with fresh counts after anything that may change them. */
  onCounts?: (counts: BadgeCounts) => void;
  /**
   * A referral's state changed (an outcome recorded, a status polled; null: possibly several). The background tells
   * open panels, so "sent" shows as soon as the 2xx is recorded instead of at the next poll.
   */
  onReferralChange?: (referralId: string | null) => void;
  /** Fetch timeout (default 10 s). */
  timeoutMs?: number;
  leaseMs?: number;
}

type ReferralHandlers = {
  'referral.submit': Handler<'referral.submit'>;
  'outbox.drain': Handler<'outbox.drain'>;
  'referral.action': Handler<'referral.action'>;
  'status.poll': Handler<'status.poll'>;
  'referral.list': Handler<'referral.list'>;
  'referral.state': Handler<'referral.state'>;
  'referral.pathway': Handler<'referral.pathway'>;
};

/**
 * Everything the background needs for referrals: message handlers, and the drain / poll / recover entry points for
 * its triggers (service-worker start, runtime.onStartup, onInstalled, the outbox alarm, panel open).
 */
export function createReferralService(deps: ReferralServiceDeps) {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const uuid = deps.uuid ?? (() => crypto.randomUUID());
  let storePromise: Promise<OutboxStore> | undefined;
  const store = () => (storePromise ??= deps.database().then((db) => ({ db, sealer: deps.sealer, now })));
  const transport = createTransport({
    fetch: deps.fetch,
    getSettings: deps.getSettings,
    timeoutMs: deps.timeoutMs,
  });

  const loadValidator = deps.loadValidator ?? loadReferralValidator;
  const refreshCounts = () => {
    if (!deps.onCounts) return;
    void store()
      .then(badgeCounts)
      .then((c) => deps.onCounts?.(c))
      .catch(() => log('warn', 'outbox.badge-failed'));
  };

  let drainerPromise: Promise<ReturnType<typeof createDrainer>> | undefined;
  const drainer = () =>
    (drainerPromise ??= store().then((s) =>
      createDrainer({
        ...s,
        transport,
        random,
        uuid,
        leaseMs: deps.leaseMs,
        loadValidator,
        onChange: refreshCounts,
        onOutcome: (id) => deps.onReferralChange?.(id),
      }),
    ));
  let pollerPromise: Promise<ReturnType<typeof createStatusPoller>> | undefined;
  const poller = () =>
    (pollerPromise ??= store().then((s) =>
      createStatusPoller({
        ...s,
        getSettings: deps.getSettings,
        onChange: () => {
          refreshCounts();
          deps.onReferralChange?.(null);
        },
        client: (baseUrl, token) =>
          createFhirClient({ baseUrl, token, fetch: deps.fetch, timeoutMs: deps.timeoutMs }),
      }),
    ));
  const pollWithToken = async (force: boolean) => (await poller()).poll({ force });

  async function drain(): Promise<DrainResult> {
    const result = await (await drainer()).drain();
    refreshCounts();
    return result;
  }

  /**
   * The click on Send. The critical path is: build the bundle, check the referral rules (consent, safety, identifiers,
   * references; ~1 ms), seal, one strict-durability transaction, reply "queued". Base R4 validation (tens of ms cold)
   * runs in the drain before the first send: an invalid bundle is never sent, it waits in needs-attention with the
   * issues as its reason and the payload kept.
   */
  async function submit(req: ReferralRequest): Promise<{ state: 'queued' | 'invalid'; issues: string[] }> {
    const share = req.consent.share;
    const detail = ReferralDetail.parse({
      patientName: req.patient.displayName,
      identifiers: share.healthNumber
        ? req.patient.identifiers.filter((i) => (i.kind === 'on-hcn' || i.kind === 'bc-phn') && i.valid)
        : [],
      programs: req.programs.filter((p) => share.programIds.includes(p.id)),
    });
    // Sealing (key read + AES-GCM, off the main thread) overlaps with the checks and the bundle build below.
    const sealedDetail = deps.sealer.seal(detail);
    sealedDetail.catch(() => undefined); // awaited below when used; an early return must not leave it unhandled
    const [settings, s] = await Promise.all([deps.getSettings(), store()]);
    if (!settings.navigatorFhirBaseUrl) return { state: 'invalid', issues: ['no-navigator'] };
    if (normalizeBase(settings.navigatorFhirBaseUrl) !== normalizeBase(req.settings.navigatorFhirBaseUrl))
      return { state: 'invalid', issues: ['navigator-changed'] };
    const consented = req.screenings.filter((x) => share.screeningIds.includes(x.id));
    const groups = await (deps.screeningResources ?? screeningResourcesFor)(consented, req);
    const bundle = buildReferralBundle(req, groups, { uuid });
    const check = checkReferralBundle(
      bundle,
      { referralId: req.referralId, allowSafety: share.safety },
      null,
    );
    if (!check.valid) {
      log('warn', 'referral.bundle-invalid', { referralId: req.referralId, issues: check.issues.length });
      return { state: 'invalid', issues: check.issues.map((i) => i.slice(0, 500)) };
    }
    const [payload, sealed] = await Promise.all([deps.sealer.seal(bundle), sealedDetail]);
    // 'exists': the same click again (same UUID), already persisted; the stored one stands.
    await enqueueSealed(s, {
      id: req.referralId,
      target: normalizeBase(req.settings.navigatorFhirBaseUrl),
      createdBy: settings.userIdentity, // the workstation's current user, not what the page claims
      payload,
      needs: req.needs.filter((n) => share.needs.includes(n)),
      programCount: detail.programs.length,
      letNavigatorChoose: req.letNavigatorChoose,
      priority: req.priority,
      detail: sealed,
    });
    log('info', 'referral.queued', { referralId: req.referralId });
    refreshCounts();
    void drain().catch(() => log('warn', 'outbox.drain-failed'));
    return { state: 'queued', issues: [] };
  }

  async function openReason(o: OutboxRecord): Promise<string> {
    if (!o.reason) return '';
    try {
      const v = await deps.sealer.open(o.reason);
      return typeof v === 'string' ? v.slice(0, 500) : '';
    } catch {
      return '';
    }
  }

  async function views(): Promise<{
    mine: ReferralView[];
    others: { total: number; pending: number; needsAttention: number };
  }> {
    const s = await store();
    const settings = await deps.getSettings();
    const me = settings.userIdentity;
    const records = (await s.db.getAll('referrals'))
      .map((v) => ReferralRecord.safeParse(v))
      .filter((r) => r.success)
      .map((r) => r.data);
    const outbox = new Map((await allOutbox(s)).map((o) => [o.id, o]));
    const mine: ReferralView[] = [];
    const others = { total: 0, pending: 0, needsAttention: 0 };
    for (const r of records) {
      const o = outbox.get(r.id) ?? null;
      if (r.createdBy !== me) {
        // Another user of this workstation: counts only (reliability.md §2.4).
        others.total++;
        if (r.state === 'queued') others.pending++;
        if (r.state === 'needs-attention') others.needsAttention++;
        continue;
      }
      const parsed = ReferralDetail.safeParse(await deps.sealer.open(r.detail).catch(() => null));
      const detail: ReferralDetail | null = parsed.success ? parsed.data : null;
      const events = detail?.events ?? [];
      mine.push({
        id: r.id,
        state: r.state,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        needs: r.needs,
        priority: r.priority,
        letNavigatorChoose: r.letNavigatorChoose,
        patientName: detail?.patientName ?? '',
        programs: detail?.programs ?? [],
        unreadable: !detail,
        timeline: r.timeline.map((t) => {
          const e =
            t.source === 'navigator' ? events.find((x) => x.at === t.at && x.state === t.state) : undefined;
          return {
            ...t,
            reason: e?.reason ?? '',
            businessStatus: e?.businessStatus ?? '',
            notes: e?.notes ?? [],
            outputs: e?.outputs ?? [],
          };
        }),
        outbox: o
          ? {
              state: o.state,
              attempts: o.attempts,
              nextAttemptAt: o.nextAttemptAt,
              lastCode: o.lastCode,
              lastStatus: o.lastStatus,
              reason: await openReason(o),
              overdue:
                o.state !== 'sent' && o.firstFailureAt !== null && now() - o.firstFailureAt > OVERDUE_MS,
            }
          : null,
      });
    }
    mine.sort((a, b) => stateRank(a.state) - stateRank(b.state) || b.updatedAt - a.updatedAt);
    return { mine: mine.slice(0, 5000), others }; // the protocol's cap; the most actionable come first
  }

  const handlers: ReferralHandlers = {
    'referral.submit': async ({ request }) => submit(request),
    'outbox.drain': async () => {
      // Panel open: warm the validator (~1 s to index the definitions) so the first send after the click is not slowed.
      void loadValidator().catch(() => log('warn', 'referral.validator-load-failed'));
      void pollWithToken(true).catch(() => log('warn', 'status.poll-error'));
      const r = await drain();
      return { attempted: r.attempted, sent: r.sent };
    },
    'referral.action': async (req) => {
      const s = await store();
      const { action } = req;
      const referralId = 'referralId' in req ? req.referralId : null;
      let ok: boolean;
      if (action === 'retry' && referralId) ok = await retryNow(s, referralId);
      else if (action === 'discard' && referralId) ok = await discard(s, referralId);
      else {
        await setPause(s, null);
        await setHold(s, 0);
        ok = true;
      }
      log('info', 'referral.action', { referralId, action, ok });
      refreshCounts();
      if (ok && action !== 'discard') void drain().catch(() => log('warn', 'outbox.drain-failed'));
      return { ok };
    },
    'status.poll': async ({ force }) => pollWithToken(force),
    'referral.list': async () => {
      const s = await store();
      const { mine, others } = await views();
      const counts = await badgeCounts(s);
      const pause = await getPause(s);
      const hold = await getHold(s);
      return {
        referrals: mine,
        others,
        queue: {
          pending: counts.pending,
          needsAttention: counts.needsAttention,
          paused: pause ? { code: pause.code, status: pause.status, at: pause.at } : null,
          holdUntil: hold > now() ? hold : 0,
        },
      };
    },
    'referral.state': async ({ referralId }) => {
      const s = await store();
      const r = ReferralRecord.safeParse(await s.db.get('referrals', referralId));
      const o = await getOutbox(s, referralId);
      return {
        state: r.success ? r.data.state : null,
        code: o?.lastCode ?? null,
        reason: o ? await openReason(o) : '',
        paused: (await getPause(s)) !== null,
      };
    },
    'referral.pathway': async ({ period, language, identified }) => {
      const s = await store();
      const me = (await deps.getSettings()).userIdentity;
      const records = (await s.db.getAll('referrals'))
        .map((v) => ReferralRecord.safeParse(v))
        .filter((r) => r.success)
        .map((r) => r.data);
      const summary = computePathway(records, period);
      const t = createI18n(language).getFixedT(language, 'referral');
      const columns = Object.fromEntries(
        [...CSV_COLUMNS, ...IDENTIFIED_COLUMNS].map((c) => [c, t(`csv.${c}`)]),
      ) as Record<CsvColumn, string>;
      // Identified rows: only this user's referrals, with exactly what the patient agreed to share.
      const who = new Map<string, { patientName: string; healthNumber: string }>();
      if (identified) {
        for (const r of records) {
          if (r.createdBy !== me) continue;
          const d = ReferralDetail.safeParse(await deps.sealer.open(r.detail).catch(() => null));
          if (d.success)
            who.set(r.id, {
              patientName: d.data.patientName,
              healthNumber: d.data.identifiers.map((i) => i.value).join(' '),
            });
        }
        log('info', 'referral.pathway-identified-export', { rows: who.size });
      }
      const csv = pathwayCsv(
        identified ? records.filter((r) => who.has(r.id)) : records,
        period,
        {
          columns,
          state: (x) => t(`state.${x}`),
          need: (n) => t(`need.${n}`),
          yes: t('csv.yes'),
          no: t('csv.no'),
        },
        identified ? (r) => who.get(r.id)! : null,
      );
      return { summary, csv };
    },
  };

  return {
    handlers,
    drain,
    poll: (force = false) => pollWithToken(force),
    /** Service-worker start: leases of the dead previous worker back to the queue at once, then drain. */
    async start(): Promise<void> {
      const n = await recoverDeadLeases(await store(), (await drainer()).liveTokens());
      if (n) log('info', 'outbox.leases-recovered', { n });
      refreshCounts();
      await drain();
    },
    counts: async () => badgeCounts(await store()),
    /** Retention: delivered outbox records (no payload, only the receipt) older than receiptRetentionDays. */
    async purgeReceipts(): Promise<number> {
      const days = (await deps.getSettings()).receiptRetentionDays;
      return purgeReceipts(await store(), days * 86_400_000);
    },
  };
}
export type ReferralService = ReturnType<typeof createReferralService>;

/** The message handlers alone (the background engineer spreads them into the router's handler map). */
export function createReferralHandlers(deps: ReferralServiceDeps): Handlers {
  return createReferralService(deps).handlers;
}
