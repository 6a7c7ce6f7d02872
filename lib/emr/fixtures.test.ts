// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DetectionResult } from '@/lib/patient/context';
import type { EmrAdapter } from './adapter';
import { parseConfiguredAdapters } from './adapters/configured/schema';
import { EMR_FIXTURES, type EmrFixture } from './fixtures-index';
import { ADAPTERS, detectPatient } from './registry';
import { openFixture } from './testing/browser';

const definitions = [...new Set(EMR_FIXTURES.flatMap((fx) => fx.configuredAdapter ?? []))];
const configured = parseConfiguredAdapters(
  definitions.map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown),
);
const ALL: EmrAdapter[] = [...configured.adapters, ...ADAPTERS];

function shown(r: DetectionResult) {
  return r.status === 'patient'
    ? {
        name: r.patient.displayName,
        birthDate: r.patient.birthDate ?? '',
        identifiers: r.patient.identifiers.map((i) => i.value),
      }
    : { none: r.reason };
}

const extraFor = (fx: EmrFixture) => (fx.configuredAdapter ? configured.adapters : []);

describe('EMR fixtures (served at their URL; inline scripts run and frames load, as in the e2e run)', () => {
  it('the fixture definitions are valid and every adapter has fixtures', () => {
    expect(configured.errors).toEqual([]);
    for (const a of ALL) expect(EMR_FIXTURES.some((fx) => fx.adapter === a.id)).toBe(true);
    const keys = EMR_FIXTURES.map((fx) => fx.urlPath.split('#')[0]);
    expect(new Set(keys).size).toBe(keys.length); // the e2e server routes by path + query
  });

  it.each(EMR_FIXTURES.map((fx) => [`${fx.adapter}: ${fx.urlPath}`, fx] as const))(
    '%s',
    async (_name, fx) => {
      const { url, doc, close } = await openFixture(fx);
      try {
        const result = detectPatient(url, doc, extraFor(fx));
        expect(DetectionResult.safeParse(result).success).toBe(true);
        expect(shown(result)).toEqual(fx.expected);
        expect(result.status === 'patient' ? result.patient.source : result.adapter).toBe(fx.adapter);
        // Cross-check: on this page, only its own adapter's matches() is true (the demo and configured ones included).
        const claimed = ALL.filter((a) => a.matches(url, doc)).map((a) => a.id);
        expect(claimed).toEqual([fx.adapter]);
      } finally {
        await close();
      }
    },
  );
});
