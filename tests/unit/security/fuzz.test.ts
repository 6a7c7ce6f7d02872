import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HsdsId, HsdsPage, validateService } from '@/lib/catalog/hsds-schema';
import { ConfiguredAdapterDefinition, parseConfiguredAdapters } from '@/lib/emr/adapters/configured/schema';
import { MESSAGE_TYPES, PROTOCOL, Reply, type MessageType } from '@/lib/messaging/protocol';
import { createRouter, type Handlers, type SenderInfo } from '@/lib/messaging/router';
import { DetectionResult, PatientContext } from '@/lib/patient/context';
import { log, setLogSink } from '@/lib/platform/log';
import {
  SETTING_KEYS,
  checkSettingsUpdate,
  expandPolicyAdapters,
  mergeSettings,
  validateSetting,
} from '@/lib/settings/policy';
import { DEFAULT_SETTINGS, Settings, type SettingKey } from '@/lib/settings/schema';
import { loadSettings, saveSettings } from '@/lib/settings/store';
import { Visit } from '@/lib/visit/schema';
import { fhirResponseFuzz } from './fhir-responses.fuzz';
import {
  FUZZ_RUNS,
  NASTY_KEYS,
  countRun,
  fuzzParams,
  hostileString,
  hostileValue,
  prototypeSnapshot,
  runsTried,
  withOwnKeys,
} from './support/fuzz';

/**
 * S2 and the hostile-input half of issue 9: every zod boundary gets random and near-valid input, including
 * `__proto__`/`constructor` keys. Properties: parsing never throws, bad input is always rejected, what is accepted
 * honours every cap, and no prototype is touched.
 */

const PROTO_BEFORE = prototypeSnapshot();
beforeEach(() => setLogSink(() => {}));
afterAll(() => {
  setLogSink(null);
  expect(prototypeSnapshot()).toBe(PROTO_BEFORE);
  console.log(`security.fuzz.runs=${runsTried()}`);
  console.log(`security.fuzz.runsPerProperty=${FUZZ_RUNS}`);
});

function noPollution() {
  expect(prototypeSnapshot()).toBe(PROTO_BEFORE);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

/** Mutates one top-level field of a valid seed: replace, delete, or add a hostile key. */
function mutated(seed: Record<string, unknown>): fc.Arbitrary<unknown> {
  const entries = Object.entries(seed);
  const addHostileKey = fc
    .tuple(fc.oneof(fc.constantFrom(...NASTY_KEYS), hostileString), hostileValue)
    .map(([k, v]) => withOwnKeys([...entries, [k, v]]));
  if (!entries.length) return fc.oneof(fc.constant(seed), addHostileKey);
  const keys = entries.map(([k]) => k);
  return fc.oneof(
    fc.constant(seed),
    fc
      .tuple(fc.constantFrom(...keys), hostileValue)
      .map(([k, v]) => withOwnKeys([...entries.filter(([x]) => x !== k), [k, v]])),
    fc.constantFrom(...keys).map((k) => withOwnKeys(entries.filter(([x]) => x !== k))),
    addHostileKey,
  );
}

// ---------------------------------------------------------------------------------------------------------------
describe('S1, S2: message router (unit)', () => {
  const EXT = 'abcdefghijklmnopabcdefghijklmnop';
  const EXT_ORIGIN = `chrome-extension://${EXT}`;
  const EMR = 'https://emr.clinic.example';
  const SEEDS: Partial<Record<MessageType, Record<string, unknown>>> = {
    'patient.detected': { result: { status: 'none', reason: 'no-adapter' } },
    'panel.open': {},
    'patient.setManual': { tabId: 7, patient: null },
    'catalog.sync': { mode: 'full' },
    'listing.report': { serviceId: 's1', kind: 'closed', comment: '' },
    'outbox.drain': { reason: 'user' },
    'status.poll': { force: true },
    'workstation.clear': { confirm: true },
  };
  const RESPONSES: unknown[] = [
    { ok: true },
    { started: true },
    { queued: true },
    { state: 'queued', issues: [] },
    { attempted: 0, sent: 0 },
    { polled: false, changed: 0 },
  ];
  const ERROR =
    /^(bad-envelope|unknown-message|sender-[a-z-]+|invalid-payload:.*|no-handler|handler-failed:.*)$/s;

  const calls: { type: MessageType; payload: unknown; sender: SenderInfo }[] = [];
  const handlers = Object.fromEntries(
    MESSAGE_TYPES.map((type) => [
      type,
      async (payload: unknown, ctx: { sender: SenderInfo }) => {
        calls.push({ type, payload, sender: ctx.sender });
        return RESPONSES.find((r) => PROTOCOL[type].response.safeParse(r).success);
      },
    ]),
  ) as Handlers;
  const route = createRouter(handlers, {
    extensionId: EXT,
    extensionOrigin: EXT_ORIGIN,
    isAllowedEmrOrigin: async (o) => o === EMR,
  });

  const origin = (s: SenderInfo): string | null => {
    if (s.origin !== undefined) return s.origin;
    try {
      return s.url ? new URL(s.url).origin : null;
    } catch {
      return null;
    }
  };
  /** The sender rules of reliability.md §2.4, written independently of the router. */
  const senderAllowed = (type: MessageType, s: SenderInfo): boolean => {
    if (s.id !== EXT) return false;
    if (PROTOCOL[type].from === 'extension') return origin(s) === EXT_ORIGIN;
    return s.tab?.id !== undefined && s.frameId === 0 && origin(s) === EMR;
  };

  const randomSender: fc.Arbitrary<SenderInfo> = fc.record(
    {
      id: fc.oneof(fc.constant(EXT), hostileString),
      origin: fc.oneof(fc.constantFrom(EXT_ORIGIN, EMR, 'null', 'https://evil.example'), hostileString),
      url: fc.oneof(
        fc.constantFrom(`${EXT_ORIGIN}/sidepanel.html`, `${EMR}/chart?id=1`, 'file:///x', 'data:text/html,x'),
        hostileString,
      ),
      frameId: fc.oneof(fc.constant(0), fc.integer()),
      tab: fc.record({ id: fc.nat() }, { requiredKeys: [] }),
      documentId: hostileString,
    },
    { requiredKeys: [] },
  );
  const panelSender: SenderInfo = { id: EXT, url: `${EXT_ORIGIN}/sidepanel.html`, origin: EXT_ORIGIN };
  const emrSender: SenderInfo = { id: EXT, url: `${EMR}/chart`, origin: EMR, frameId: 0, tab: { id: 4 } };
  /** Legitimate senders with one property changed: the near misses S1 is about (sub-frame, other origin, …). */
  const nearMiss = (base: SenderInfo) =>
    fc
      .tuple(randomSender, fc.constantFrom('id', 'origin', 'url', 'frameId', 'tab'))
      .map(([r, k]) => ({ ...base, [k]: (r as Record<string, unknown>)[k] }) as SenderInfo);
  const senderArb: fc.Arbitrary<SenderInfo> = fc.oneof(
    fc.constant(panelSender),
    fc.constant(emrSender),
    nearMiss(panelSender),
    nearMiss(emrSender),
    randomSender,
  );
  const typeArb = fc.oneof(fc.constantFrom(...MESSAGE_TYPES), fc.constantFrom(...NASTY_KEYS), hostileString);
  const seeded = fc
    .constantFrom(...(Object.keys(SEEDS) as MessageType[]))
    .chain((type) => mutated(SEEDS[type]!).map((payload) => ({ v: 1, type, payload })));
  const messageArb = fc.oneof(
    { arbitrary: seeded, weight: 3 },
    hostileValue,
    fc.record({ v: fc.oneof(fc.constant(1), hostileValue), type: typeArb, payload: hostileValue }),
    seeded.map((m) => withOwnKeys([...Object.entries(m), ['__proto__', { polluted: true }]])),
  );

  it('never throws, always answers with a Reply, and reaches a handler only with a valid sender and payload', async () => {
    await fc.assert(
      fc.asyncProperty(messageArb, senderArb, async (message, sender) => {
        countRun();
        calls.length = 0;
        const reply = await route(message, sender);
        expect(Reply.safeParse(reply).success).toBe(true);
        if (!reply.ok) expect(reply.error).toMatch(ERROR);
        expect(calls.length).toBeLessThanOrEqual(1);
        for (const c of calls) {
          expect(senderAllowed(c.type, c.sender)).toBe(true);
          const env = message as { type: unknown; payload: unknown };
          expect(env.type).toBe(c.type);
          expect(PROTOCOL[c.type].request.safeParse(env.payload).success).toBe(true);
        }
        if (reply.ok) expect(calls).toHaveLength(1);
        noPollution();
      }),
      fuzzParams(),
    );
  });

  it('the seeds are valid, so the property above does exercise the accept path', async () => {
    for (const [type, payload] of Object.entries(SEEDS)) {
      calls.length = 0;
      const t = type as MessageType;
      const sender: SenderInfo =
        PROTOCOL[t].from === 'extension'
          ? { id: EXT, origin: EXT_ORIGIN }
          : { id: EXT, origin: EMR, frameId: 0, tab: { id: 3 } };
      expect([type, await route({ v: 1, type, payload }, sender)]).toEqual([
        type,
        expect.objectContaining({ ok: true }),
      ]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('S8: settings and enterprise policy (unit fuzz)', () => {
  const MARK = 'SECRETMARK-token';
  const plausible: unknown[] = [
    '',
    'https://navigator.example.org/fhir',
    'ftp://x.example',
    MARK,
    'fr',
    'de',
    0,
    1,
    8,
    73,
    43.65,
    -200,
    null,
    [],
    ['ucla-3'],
    ['phq-9'],
    ['https://emr.example'],
    [{ definition: '{"id":"x"}' }],
    [{ definition: '{' }],
  ];
  const valueArb = fc.oneof(hostileValue, fc.constantFrom(...plausible));
  const layerArb: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 1, arbitrary: hostileValue },
    {
      weight: 4,
      arbitrary: fc
        .array(
          fc.tuple(
            fc.oneof(
              { weight: 4, arbitrary: fc.constantFrom(...SETTING_KEYS) },
              { weight: 1, arbitrary: fc.constantFrom(...NASTY_KEYS) },
              { weight: 1, arbitrary: hostileString },
            ),
            valueArb,
          ),
          { maxLength: 12 },
        )
        .map(withOwnKeys),
    },
  );
  const own = (o: unknown, k: string) =>
    typeof o === 'object' && o !== null && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, k);
  const isPlain = (o: unknown) =>
    typeof o === 'object' &&
    o !== null &&
    !Array.isArray(o) &&
    [Object.prototype, null].includes(Object.getPrototypeOf(o));

  it('merge never throws; the result is always valid; policy wins and locks; invalid policy → default + error', () => {
    fc.assert(
      fc.property(layerArb, layerArb, (stored, policy) => {
        countRun();
        const m = mergeSettings(stored, policy);
        expect(Settings.parse(m.settings)).toEqual(m.settings);
        const policyKeys = isPlain(policy) ? SETTING_KEYS.filter((k) => own(policy, k)) : [];
        expect(m.locked).toEqual(policyKeys);
        for (const key of SETTING_KEYS) {
          const p = policy as Record<string, unknown>;
          const s = stored as Record<string, unknown>;
          if (policyKeys.includes(key)) {
            const expanded =
              key === 'configuredAdapters' ? expandPolicyAdapters(p[key]) : { ok: true, value: p[key] };
            const check = expanded.ok ? validateSetting(key, expanded.value) : { ok: false as const };
            if (check.ok) expect(m.settings[key]).toEqual(check.value);
            else {
              expect(m.settings[key]).toEqual(DEFAULT_SETTINGS[key]);
              expect(m.policyErrors.some((e) => e.key === key)).toBe(true);
            }
          } else if (isPlain(stored) && own(stored, key) && s[key] !== undefined) {
            const check = validateSetting(key, s[key]);
            expect(m.settings[key]).toEqual(check.ok ? check.value : DEFAULT_SETTINGS[key]);
          } else {
            expect(m.settings[key]).toEqual(DEFAULT_SETTINGS[key]);
          }
        }
        // Errors name keys and rules, never the offending value.
        expect(JSON.stringify([m.policyErrors, m.storedErrors])).not.toContain(MARK);
        expect(m.policyErrors.length).toBeLessThanOrEqual(SETTING_KEYS.length + 21);
        noPollution();
      }),
      fuzzParams(),
    );
  });

  it('an update is accepted only when every key is known, unlocked and valid', () => {
    const lockedArb = fc.subarray(SETTING_KEYS);
    fc.assert(
      fc.property(layerArb, lockedArb, (partial, locked) => {
        countRun();
        const r = checkSettingsUpdate(partial, locked);
        if (!r.ok) {
          expect(r.errors.length).toBeGreaterThan(0);
          return;
        }
        expect(isPlain(partial)).toBe(true);
        for (const k of Object.keys(partial as object)) {
          const v = (partial as Record<string, unknown>)[k];
          if (v === undefined) continue;
          expect(SETTING_KEYS).toContain(k);
          expect(locked).not.toContain(k);
          const check = validateSetting(k as SettingKey, v);
          expect(check.ok).toBe(true);
          if (check.ok) expect(r.values[k as SettingKey]).toEqual(check.value);
        }
        noPollution();
      }),
      fuzzParams(),
    );
  });

  it('a refused save changes nothing in storage (bad input loses nothing)', async () => {
    const runs = Math.max(20, Math.floor(FUZZ_RUNS / 5));
    await fc.assert(
      fc.asyncProperty(layerArb, layerArb, async (policy, partial) => {
        countRun();
        fakeBrowser.reset();
        await fakeBrowser.storage.local.set({ 'settings.clinicName': 'Kept Clinic' });
        if (isPlain(policy))
          await fakeBrowser.storage.managed.set(JSON.parse(JSON.stringify(policy)) as object);
        const before = await fakeBrowser.storage.local.get(null);
        const saved = await saveSettings(partial as Partial<Settings>).then(
          () => true,
          () => false,
        );
        if (!saved) expect(await fakeBrowser.storage.local.get(null)).toEqual(before);
        const loaded = await loadSettings();
        expect(Settings.parse(loaded.settings)).toEqual(loaded.settings);
      }),
      { ...fuzzParams(), numRuns: runs },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('patient context', () => {
  const idArb = fc.record(
    {
      kind: fc.oneof(fc.constantFrom('on-hcn', 'bc-phn', 'emr-record', 'mrn', 'other'), hostileString),
      system: hostileString,
      value: fc.oneof(fc.constantFrom('9876543225', '1234-567-890'), hostileString),
      valid: fc.oneof(fc.boolean(), hostileValue),
      version: fc.oneof(fc.constantFrom('AB', 'Z'), hostileString),
    },
    { requiredKeys: ['kind', 'system', 'value', 'valid'] },
  );
  const patientArb = fc.record(
    {
      displayName: fc.oneof(fc.constantFrom('TESTPATIENT, ALEX', '\u202eXELA\u202c'), hostileString),
      family: hostileString,
      given: hostileString,
      birthDate: fc.oneof(fc.constantFrom(null, '1980-01-01', '1980-13-45', '01/01/1980'), hostileString),
      sex: fc.oneof(fc.constantFrom(null, 'female', 'male', 'other', 'unknown'), hostileString),
      identifiers: fc.array(idArb, { maxLength: 10 }),
      source: fc.oneof(fc.constant('demo'), hostileString),
    },
    { requiredKeys: ['displayName', 'birthDate', 'sex', 'identifiers', 'source'] },
  );
  const inputArb = fc.oneof(
    hostileValue,
    patientArb,
    patientArb.chain((p) => mutated(p as Record<string, unknown>)),
  );

  it('accepted contexts always honour every cap; nothing throws', () => {
    fc.assert(
      fc.property(inputArb, (raw) => {
        countRun();
        const r = PatientContext.safeParse(raw);
        const d = DetectionResult.safeParse({ status: 'patient', patient: raw });
        expect(d.success).toBe(r.success);
        if (!r.success) return;
        const p = r.data;
        expect(p.displayName.length).toBeGreaterThanOrEqual(1);
        expect(p.displayName.length).toBeLessThanOrEqual(200);
        expect((p.family ?? '').length).toBeLessThanOrEqual(100);
        expect(p.birthDate === null || /^\d{4}-\d{2}-\d{2}$/.test(p.birthDate)).toBe(true);
        expect(p.identifiers.length).toBeLessThanOrEqual(8);
        for (const id of p.identifiers) expect(id.value.length).toBeLessThanOrEqual(64);
        expect(Object.keys(p).every((k) => !NASTY_KEYS.includes(k))).toBe(true);
        noPollution();
      }),
      fuzzParams(),
    );
  });

  it('rejects every over-long name and every non-ISO birth date', () => {
    fc.assert(
      fc.property(
        patientArb,
        fc.string({ minLength: 201, maxLength: 400 }),
        fc.string().filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)),
        (p, longName, badDate) => {
          countRun();
          expect(PatientContext.safeParse({ ...p, displayName: longName }).success).toBe(false);
          expect(PatientContext.safeParse({ ...p, birthDate: badDate }).success).toBe(false);
        },
      ),
      fuzzParams(),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('visit (decrypted drafts are re-validated)', () => {
  const visitArb = fc.record(
    {
      confirmedNeeds: fc.array(fc.oneof(fc.constant('food-insecurity'), hostileString), { maxLength: 17 }),
      whatMatters: fc.oneof(
        hostileValue,
        fc.record(
          {
            interestsText: hostileString,
            goals: fc.array(hostileString, { maxLength: 7 }),
            postalCode: hostileString,
          },
          { requiredKeys: [] },
        ),
      ),
      chosenProgramIds: fc.array(hostileString, { maxLength: 22 }),
      letNavigatorChoose: fc.oneof(fc.boolean(), hostileValue),
      updatedAt: fc.oneof(fc.integer(), hostileValue),
      screenings: fc.oneof(fc.constant([]), hostileValue),
    },
    { requiredKeys: [] },
  );

  it('never throws; accepted visits are within caps, re-parse to themselves, and carry no hostile keys', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileValue,
          visitArb,
          visitArb.chain((v) => mutated(v)),
        ),
        (raw) => {
          countRun();
          const r = Visit.safeParse(raw);
          if (!r.success) return;
          const v = r.data;
          expect(Visit.parse(v)).toEqual(v);
          expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
          expect(v.confirmedNeeds.length).toBeLessThanOrEqual(15);
          expect(v.chosenProgramIds.length).toBeLessThanOrEqual(20);
          expect(v.whatMatters.interestsText.length).toBeLessThanOrEqual(500);
          expect(v.whatMatters.postalCode.length).toBeLessThanOrEqual(7);
          expect(Object.keys(v).some((k) => NASTY_KEYS.includes(k))).toBe(false);
          noPollution();
        },
      ),
      fuzzParams(),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('S4: catalog records and pages (unit fuzz)', () => {
  const demo = JSON.parse(readFileSync('lib/catalog/demo/demo-catalog.json', 'utf8')) as {
    services: Record<string, unknown>[];
  };
  const seeds = demo.services.slice(0, 8);

  it('the demo services are valid seeds', () => {
    for (const s of seeds) expect(validateService(s).ok).toBe(true);
  });

  it('validateService never throws; failures carry bounded reasons; accepted services keep their invariants', () => {
    const serviceArb = fc.oneof(
      hostileValue,
      fc.constantFrom(...seeds).chain((s) => mutated(s)),
    );
    fc.assert(
      fc.property(serviceArb, (raw) => {
        countRun();
        const r = validateService(raw);
        if (r.ok) {
          expect(HsdsId.safeParse(r.value.id).success).toBe(true);
          const { minimum_age: min, maximum_age: max } = r.value;
          if (typeof min === 'number' && typeof max === 'number') expect(min).toBeLessThanOrEqual(max);
          expect(Object.keys(r.value).some((k) => NASTY_KEYS.includes(k))).toBe(false);
        } else {
          expect(r.reasons.length).toBeGreaterThanOrEqual(1);
          expect(r.reasons.length).toBeLessThanOrEqual(10);
          for (const reason of r.reasons) {
            expect(reason.path.length).toBeLessThanOrEqual(200);
            expect(reason.message.length).toBeLessThanOrEqual(200);
          }
          expect(r.id === null || HsdsId.safeParse(r.id).success).toBe(true);
          expect(r.name === null || r.name.length <= 200).toBe(true);
        }
        noPollution();
      }),
      fuzzParams(),
    );
  });

  it('a page envelope is accepted only with numeric counters and a bounded contents array', () => {
    const pageArb = fc.oneof(
      hostileValue,
      fc
        .record({
          total_items: fc.oneof(fc.nat(), hostileValue),
          total_pages: fc.oneof(fc.nat(), hostileValue),
          page_number: fc.oneof(fc.nat(), hostileValue),
          size: fc.oneof(fc.nat(), hostileValue),
          contents: fc.oneof(fc.array(hostileValue, { maxLength: 5 }), hostileValue),
        })
        .chain((p) => mutated(p)),
    );
    fc.assert(
      fc.property(pageArb, (raw) => {
        countRun();
        const r = HsdsPage.safeParse(raw);
        if (r.success) expect(Array.isArray(r.data.contents)).toBe(true);
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) expect(r.success).toBe(false);
      }),
      fuzzParams(),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('S5 at the source: logger never emits patient data', () => {
  const upper = fc.string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    minLength: 2,
    maxLength: 12,
  });
  const digits = (n: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
  const pad = (n: number) => fc.integer({ min: 1, max: n }).map((x) => String(x).padStart(2, '0'));
  const year = fc.integer({ min: 1900, max: 2030 }).map(String);

  /** PHI shapes the logger guarantees to catch. */
  const names = fc.oneof(
    fc.tuple(upper, upper).map(([f, g]) => `${f}, ${g}`),
    fc.tuple(upper, upper).map(([g, f]) => `${g} ${f}`),
    fc.tuple(upper, upper).map(([g, f]) => `${g}\u00a0${f}`),
  );
  const healthNumbers = fc.oneof(
    digits(10),
    digits(9),
    fc.tuple(digits(4), digits(3), digits(3)).map(([a, b, c]) => `${a} ${b} ${c}`),
    fc.tuple(digits(10), fc.constantFrom('AB', 'ZX')).map(([d, v]) => `${d}${v}`),
  );
  const birthDates = fc.oneof(
    fc.tuple(year, pad(12), pad(28)).map(([y, m, d]) => `${y}-${m}-${d}`),
    fc.tuple(pad(28), pad(12), year).map(([d, m, y]) => `${d}/${m}/${y}`),
    fc.tuple(pad(28), pad(12), year).map(([d, m, y]) => `${d}-${m}-${y}`),
    fc.tuple(year, pad(12), pad(28)).map(([y, m, d]) => `${y}${m}${d}`),
  );
  const freeText = fc.oneof(
    fc.string({ minLength: 1, maxLength: 40 }).map((s) => `patient reports ${s}`),
    fc.string({ minLength: 81, maxLength: 300, unit: fc.constantFrom(...'abcdefghij') }),
    fc.constantFrom('lives alone; food bank', 'TESTPATIENT,ALEX', 'héllo', '\u202eevil'),
  );
  const safeAffix = fc.constantFrom('', 'referral.', 'x:', 'id-', '/fhir/');

  type Channel = 'value' | 'code' | 'key';
  function emitted(marker: string, prefix: string, suffix: string, channel: Channel = 'value'): string {
    const seen: string[] = [];
    setLogSink((level, code, facts) => {
      for (const v of Object.values(facts))
        expect(['string', 'number', 'boolean', 'undefined'].includes(typeof v) || v === null).toBe(true);
      seen.push(`${level} ${code} ${JSON.stringify(facts)} ${Object.keys(facts).join(',')}`);
    });
    const value = `${prefix}${marker}${suffix}`;
    if (channel === 'value') {
      log('info', 'event.code', { fact: value, status: 201 });
      log('warn', 'event.code', { fact: value });
    } else if (channel === 'code') log('info', value, { status: 201 });
    else log('info', 'event.code', { [value]: 1 });
    setLogSink(() => {});
    return seen.join('\n');
  }

  const caught = (markers: fc.Arbitrary<string>, channel: Channel = 'value') =>
    fc.property(markers, safeAffix, safeAffix, (marker, prefix, suffix) => {
      countRun();
      expect(emitted(marker, prefix, suffix, channel)).not.toContain(marker);
    });

  it('names (with a space or comma), health numbers, birth dates and free text never reach the sink', () => {
    for (const markers of [names, healthNumbers, birthDates, freeText])
      fc.assert(caught(markers), fuzzParams());
  });

  it('safe facts (codes, uuids, statuses, schema paths) still pass, so the test above can fail', () => {
    const out = emitted('referral.sent', '', '');
    expect(out).toContain('referral.sent');
    const uuid = '0b6f4f4e-9a7c-4c5e-8f2a-3d2f1c0e9b8a';
    expect(emitted(uuid, '', '')).toContain(uuid);
  });

  // Formerly known gaps in lib/platform/log.ts, now closed.
  const quick = { ...fuzzParams(), numRuns: Math.min(FUZZ_RUNS, 50) };
  it('dash-separated health numbers (1234-567-890) are redacted by the logger', () => {
    const dashed = fc.tuple(digits(4), digits(3), digits(3)).map(([a, b, c]) => `${a}-${b}-${c}`);
    fc.assert(caught(dashed), quick);
  });
  it('year-first dates with / or . (1980/01/02) are redacted by the logger', () => {
    const ymd = fc
      .tuple(year, pad(12), pad(28), fc.constantFrom('/', '.'))
      .map(([y, m, d, s]) => `${y}${s}${m}${s}${d}`);
    fc.assert(caught(ymd), quick);
  });
  it('health numbers and dates used as an event code or a fact key are redacted by the logger', () => {
    fc.assert(caught(fc.oneof(healthNumbers, birthDates), 'code'), quick);
  });
  it('a single-word capitalised name (TESTPATIENT) is redacted', () => {
    fc.assert(caught(upper.map((u) => `TESTPATIENT${u}`)), quick);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('clinic-configured adapter definitions (options page and policy)', () => {
  const SEED: Record<string, unknown> = {
    id: 'clinic-emr',
    label: 'Clinic EMR',
    urlPattern: 'https://emr.clinic.example/chart/{record}/*',
    chartRoot: '#patient-banner',
    name: { selector: '.patient-name' },
    birthDate: { label: 'DOB' },
    identifiers: [
      { kind: 'on-hcn', from: { label: 'Health card #' } },
      { kind: 'emr-record', from: { urlPart: 'record' } },
    ],
  };
  const fieldArb = fc.oneof(
    hostileValue,
    fc.record({ selector: hostileString }),
    fc.record({ label: hostileString }),
    fc.record({ urlParam: hostileString }),
  );
  const definitionArb = fc.oneof(
    hostileValue,
    mutated(SEED),
    fc
      .tuple(fc.constantFrom('name', 'birthDate', 'sex', 'chartRoot', 'urlPattern', 'id'), fieldArb)
      .map(([k, v]) => ({ ...SEED, [k]: v })),
  );

  it('the seed is a valid definition', () => {
    expect(parseConfiguredAdapters([SEED]).errors).toEqual([]);
  });

  it('never throws; every entry is either a definition or a reported error; accepted ones re-validate', () => {
    fc.assert(
      fc.property(fc.array(definitionArb, { maxLength: 6 }), (list) => {
        countRun();
        const r = parseConfiguredAdapters(list);
        expect(r.definitions.length + r.errors.length).toBe(list.length);
        expect(r.adapters).toHaveLength(r.definitions.length);
        for (const d of r.definitions) expect(ConfiguredAdapterDefinition.safeParse(d).success).toBe(true);
        for (const e of r.errors) expect(e.index).toBeLessThan(list.length);
        noPollution();
      }),
      fuzzParams(),
    );
  });

  it('policy JSON text of any content never throws and never bypasses validation', () => {
    const textArb = fc.oneof(
      hostileString,
      definitionArb.map((d) => {
        try {
          return JSON.stringify(d) ?? 'null';
        } catch {
          return '{';
        }
      }),
    );
    fc.assert(
      fc.property(fc.array(textArb, { maxLength: 4 }), (texts) => {
        countRun();
        const m = mergeSettings({}, { configuredAdapters: texts.map((definition) => ({ definition })) });
        expect(m.locked).toEqual(['configuredAdapters']);
        const r = parseConfiguredAdapters(m.settings.configuredAdapters);
        expect(r.definitions.length + r.errors.length).toBe(m.settings.configuredAdapters.length);
      }),
      fuzzParams(),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// FHIR responses (navigator POST answers and status polls): registered here so their runs count into the same total.
fhirResponseFuzz();
