import fc from 'fast-check';

/**
 * Shared fuzz configuration. `FUZZ_RUNS` sets the runs per property (default sized so the whole security suite stays
 * well under 20 s on a 2-core CI machine; use e.g. FUZZ_RUNS=20000 for a long local run). Every property counts the
 * inputs it actually tried, and the suite prints the total as `security.fuzz.runs=<n>` for the bench collector.
 */
export const FUZZ_RUNS = (() => {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : 300;
})();

let tried = 0;
export function countRun(): void {
  tried++;
}
export function runsTried(): number {
  return tried;
}

export function fuzzParams(): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  return { numRuns: FUZZ_RUNS, ...(seed !== undefined ? { seed } : {}) };
}

/** Keys that attack prototypes or shadow built-ins. */
export const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

/** Strings an attacker or a broken page would send: control, bidi, zero-width, lone surrogates, long runs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202eTESTPATIENT\u202c',
    '\u2066ALEX\u2069',
    '\u200b\u200d\ufeff',
    '\ud800',
    'javascript:alert(1)',
    'https://evil.example/',
    '<img src=x onerror=alert(1)>',
    ...NASTY_KEYS,
  ),
  fc.nat({ max: 5000 }).map((n) => 'A'.repeat(n)),
);

/** Any value, including objects whose own keys are `__proto__`/`constructor` (as JSON.parse would produce). */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true }),
    hostileString,
    fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_SAFE_INTEGER + 2, 1e308),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...NASTY_KEYS), hostileString), tie('value')), { maxLength: 5 })
    .map((entries) => withOwnKeys(entries)),
})).value;

/** Builds an object with these own keys, `__proto__` included as an own data property (not the setter). */
export function withOwnKeys(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

/** Object.prototype (and Array.prototype) must look the same after hostile input as before. */
export function prototypeSnapshot(): string {
  const names = (o: object) => Object.getOwnPropertyNames(o).sort().join(',');
  return `${names(Object.prototype)}|${names(Array.prototype)}|${names(Function.prototype)}`;
}
