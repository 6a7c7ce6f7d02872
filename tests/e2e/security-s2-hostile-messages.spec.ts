/**
 * S2 (reliability.md §3) against the real service worker: a barrage of fast-check messages (arbitrary JSON, hostile
 * keys such as `__proto__`/`constructor`, every message type with a hostile payload, broken envelopes) sent from an
 * extension page through chrome.runtime. Pass: every message gets a reply (nothing throws through), every invalid one
 * is rejected, the worker is the same living instance afterwards (no crash, no restart), no prototype in the worker is
 * polluted, and a valid message still works. The router's property at unit level is in tests/unit/security/fuzz.test.ts.
 */
import fc from 'fast-check';
import { Envelope, MESSAGE_TYPES, PROTOCOL, type MessageType } from '../../lib/messaging/protocol';
import { hostileString, hostileValue, NASTY_KEYS, withOwnKeys } from '../unit/security/support/fuzz';
import { expect, test } from './fixtures';

const RUNS = Number(process.env.FUZZ_E2E_RUNS) || 300;
/** Types whose valid payload would do something irreversible; a random payload could in theory be valid. */
const NEVER_SENT: ReadonlySet<MessageType> = new Set(['workstation.clear']);

/** JSON text: what survives chrome.runtime messaging (own `__proto__` keys included, as JSON.parse makes them). */
const toJson = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return '{"__proto__":{"polluted":1}}';
  }
};

test('S2: hostile messages to the real worker are all answered and rejected; the worker stays up and unpolluted', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const types = MESSAGE_TYPES.filter((t) => !NEVER_SENT.has(t));
  const envelope = fc.oneof(
    hostileValue,
    fc.record({ v: fc.constant(1), type: fc.constantFrom(...types), payload: hostileValue }),
    fc.record({
      v: fc.constant(1),
      type: fc.oneof(fc.constantFrom(...NASTY_KEYS), hostileString),
      payload: hostileValue,
    }),
    fc.tuple(fc.constantFrom(...types), fc.constantFrom(...NASTY_KEYS), hostileValue).map(([type, k, v]) =>
      withOwnKeys([
        ['v', 1],
        ['type', type],
        ['payload', withOwnKeys([[k, v]])],
      ]),
    ),
    fc.tuple(fc.constantFrom(...types), hostileValue).map(([type, payload]) =>
      withOwnKeys([
        ['__proto__', { polluted: 1 }],
        ['v', 1],
        ['type', type],
        ['payload', payload],
      ]),
    ),
  );
  const messages = fc
    .sample(envelope, { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED) || 9 })
    .map(toJson);
  // Which ones are valid for the protocol (decided here with the same schemas; sender rules aside).
  const valid = messages.map((text) => {
    const m: unknown = JSON.parse(text);
    const e = Envelope.safeParse(m);
    if (!e.success || !(MESSAGE_TYPES as string[]).includes(e.data.type)) return false;
    return PROTOCOL[e.data.type as MessageType].request.safeParse(e.data.payload).success;
  });
  // Types with all-optional payloads ({} for a panel refresh) are sometimes valid by chance; the rest must be rejected.
  expect(valid.filter(Boolean).length, 'most generated messages are invalid').toBeLessThan(RUNS / 4);

  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  const protoBefore = await serviceWorker.evaluate(() => {
    (globalThis as { __s2alive?: number }).__s2alive = 1;
    return [Object.prototype, Array.prototype, Function.prototype].map((p) =>
      Object.getOwnPropertyNames(p).sort().join(','),
    );
  });

  const replies = await page.evaluate(async (texts) => {
    const out: { reply: unknown; threw: string | null }[] = [];
    for (const t of texts) {
      try {
        out.push({ reply: await chrome.runtime.sendMessage(JSON.parse(t)), threw: null });
      } catch (e) {
        out.push({ reply: null, threw: String(e).slice(0, 200) });
      }
    }
    return out;
  }, messages);

  const problems: string[] = [];
  replies.forEach((r, i) => {
    const reply = r.reply as { ok?: unknown; error?: unknown } | null;
    if (r.threw || !reply || typeof reply.ok !== 'boolean')
      problems.push(`#${i} no reply: ${r.threw ?? JSON.stringify(reply)}`);
    else if (reply.ok && !valid[i])
      problems.push(`#${i} accepted an invalid message: ${messages[i]!.slice(0, 200)}`);
    else if (!reply.ok && typeof reply.error !== 'string') problems.push(`#${i} rejection without a reason`);
  });
  expect(problems).toEqual([]);

  // The same worker instance, unpolluted, still serving valid requests.
  const after = await serviceWorker.evaluate(() => ({
    alive: (globalThis as { __s2alive?: number }).__s2alive,
    protos: [Object.prototype, Array.prototype, Function.prototype].map((p) =>
      Object.getOwnPropertyNames(p).sort().join(','),
    ),
    polluted: ({} as Record<string, unknown>).polluted,
  }));
  expect(after).toEqual({ alive: 1, protos: protoBefore, polluted: undefined });
  const list = await page.evaluate(() =>
    chrome.runtime.sendMessage({ v: 1, type: 'referral.list', payload: {} }),
  );
  expect(list).toMatchObject({ ok: true });
  const validTypes = [...new Set(messages.filter((_, i) => valid[i]).map((t) => String(JSON.parse(t).type)))];
  console.log(
    `security.fuzz.e2eMessages=${RUNS} (valid by schema: ${valid.filter(Boolean).length}: ${validTypes.join(', ')})`,
  );
});
