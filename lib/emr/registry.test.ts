// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { EmrAdapter } from './adapter';
import { ADAPTERS, detectPatient, pickAdapter } from './registry';
import { loadFixture } from './testing/load-fixture';

const boom = (where: 'matches' | 'detect'): EmrAdapter => ({
  id: `boom-${where}`,
  label: 'Throws',
  matches: () => {
    if (where === 'matches') throw new Error('x');
    return true;
  },
  detect: () => {
    throw new Error('hostile page');
  },
});

describe('detectPatient', () => {
  it('no adapter claims the page → no-adapter', () => {
    const { doc } = loadFixture('demo/emr/chart.html', '/demo-emr/chart.html');
    expect(detectPatient(new URL('https://example.org/'), doc)).toEqual({
      status: 'none',
      reason: 'no-adapter',
    });
  });

  it('the first matching adapter decides; clinic-configured adapters come first', () => {
    const { url, doc } = loadFixture('demo/emr/chart.html', '/demo-emr/chart.html');
    expect(detectPatient(url, doc)).toMatchObject({ status: 'patient', patient: { source: 'demo' } });
    const clinic: EmrAdapter = {
      id: 'clinic',
      label: 'Clinic',
      matches: () => true,
      detect: () => ({ status: 'none', reason: 'not-a-chart', adapter: 'clinic' }),
    };
    expect(detectPatient(url, doc, [clinic])).toEqual({
      status: 'none',
      reason: 'not-a-chart',
      adapter: 'clinic',
    });
  });

  it('never throws: a throwing detect gives invalid, a throwing matcher is skipped', () => {
    const { url, doc } = loadFixture('demo/emr/chart.html', '/demo-emr/chart.html');
    expect(detectPatient(url, doc, [boom('detect')])).toEqual({
      status: 'none',
      reason: 'invalid',
      adapter: 'boom-detect',
    });
    expect(detectPatient(url, doc, [boom('matches')])).toMatchObject({ status: 'patient' });
    expect(pickAdapter(url, doc, [boom('matches')])?.id).toBe('demo');
  });

  it('adapter ids are unique and short enough to be a result field', () => {
    const ids = ADAPTERS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]{1,40}$/);
  });
});
