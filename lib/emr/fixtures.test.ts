// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DetectionResult } from '@/lib/patient/context';
import { parseConfiguredAdapters } from './adapters/configured/schema';
import { EMR_FIXTURES, type EmrFixture } from './fixtures-index';
import { ADAPTERS, detectPatient } from './registry';
import { openFixture } from './testing/browser';

function configured(fx: EmrFixture) {
  if (!fx.configuredAdapter) return [];
  const { adapters, errors } = parseConfiguredAdapters([
    JSON.parse(readFileSync(fx.configuredAdapter, 'utf8')),
  ]);
  expect(errors).toEqual([]);
  return adapters;
}

function shown(r: DetectionResult) {
  return r.status === 'patient'
    ? {
        name: r.patient.displayName,
        birthDate: r.patient.birthDate ?? '',
        identifiers: r.patient.identifiers.map((i) => i.value),
      }
    : { none: r.reason };
}

describe('every fixture, served at its URL with its scripts and frames, gives the expected answer', () => {
  it.each(EMR_FIXTURES.map((fx) => [`${fx.adapter}: ${fx.urlPath}`, fx] as const))(
    '%s',
    async (_name, fx) => {
      const { url, doc, close } = await openFixture(fx);
      try {
        const result = detectPatient(url, doc, configured(fx));
        expect(DetectionResult.safeParse(result).success).toBe(true);
        expect(shown(result)).toEqual(fx.expected);
        expect(result.status === 'patient' ? result.patient.source : result.adapter).toBe(fx.adapter);
      } finally {
        await close();
      }
    },
  );
});

describe('cross-check: each adapter claims only its own fixtures', () => {
  it.each(ADAPTERS.map((a) => [a.id, a] as const))('%s', async (_id, adapter) => {
    const mine = EMR_FIXTURES.filter((fx) => fx.adapter === adapter.id);
    expect(mine.length).toBeGreaterThan(0);
    for (const fx of EMR_FIXTURES) {
      const { url, doc, close } = await openFixture(fx);
      try {
        expect({ fixture: fx.urlPath, matches: adapter.matches(url, doc) }).toEqual({
          fixture: fx.urlPath,
          matches: fx.adapter === adapter.id,
        });
      } finally {
        await close();
      }
    }
  });

  it('the clinic-configured fixture definition claims only its own fixtures', async () => {
    const fx0 = EMR_FIXTURES.find((f) => f.configuredAdapter)!;
    const [adapter] = configured(fx0);
    for (const fx of EMR_FIXTURES) {
      const { url, doc, close } = await openFixture(fx);
      try {
        expect({ fixture: fx.urlPath, matches: adapter!.matches(url, doc) }).toEqual({
          fixture: fx.urlPath,
          matches: fx.adapter === adapter!.id,
        });
      } finally {
        await close();
      }
    }
  });
});
