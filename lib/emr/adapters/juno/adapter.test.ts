// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { DetectionResult } from '@/lib/patient/context';
import { loadFixture } from '@/lib/emr/testing/load-fixture';
import { junoAdapter } from './adapter';

const RECORD = 'lib/emr/adapters/juno/fixtures/record-summary.html';
const load = (hash = '#!/record/3055/summary') => loadFixture(RECORD, `/juno/web/${hash}`);
const detect = (url: URL, doc: Document) => DetectionResult.parse(junoAdapter.detect(url, doc));

describe('Juno record page', () => {
  it('reads the record header, never the hidden alias or the patients listed in the left aside', () => {
    const { url, doc } = load();
    const r = detect(url, doc);
    expect(r).toMatchObject({
      status: 'patient',
      patient: {
        displayName: 'EXEMPLAIRE, JEAN-BAPTISTE',
        family: 'EXEMPLAIRE',
        given: 'JEAN-BAPTISTE',
        birthDate: '1962-08-15',
        sex: 'male',
        identifiers: [{ kind: 'emr-record', value: '3055' }],
        source: 'juno',
      },
    });
    expect(JSON.stringify(r)).not.toMatch(/JB|FICTIVE|PLACEHOLDER|PAUL/);
  });

  it('switching patient changes only the hash (and the header Angular re-renders)', () => {
    const { doc } = load();
    doc.querySelector('.patient-header-name')!.firstChild!.nodeValue = ' FICTIVE, ROSE ';
    const r = detect(new URL('http://127.0.0.1/juno/web/#!/record/3071/details'), doc);
    expect(r).toMatchObject({ patient: { displayName: 'FICTIVE, ROSE', identifiers: [{ value: '3071' }] } });
  });

  it('schedule and search routes → multiple-patients; other routes → not-a-chart', () => {
    const { doc } = load();
    const at = (hash: string) => detect(new URL(`http://127.0.0.1/juno/web/${hash}`), doc);
    expect(at('#!/schedule')).toMatchObject({ reason: 'multiple-patients' });
    expect(at('#!/search?term=EX')).toMatchObject({ reason: 'multiple-patients' });
    expect(at('#!/settings/masterdemo')).toMatchObject({ reason: 'not-a-chart' });
    const schedule = loadFixture(
      'lib/emr/adapters/juno/fixtures/schedule.html',
      '/juno/web/index.jsp#!/schedule',
    );
    expect(detect(schedule.url, schedule.doc)).toMatchObject({ reason: 'multiple-patients' });
  });

  it('record route before the header renders, or with raw {{ }} bindings → not-rendered', () => {
    const a = load();
    a.doc.getElementById('patient-record-page')!.remove();
    expect(detect(a.url, a.doc)).toMatchObject({ reason: 'not-rendered' });
    const b = load();
    b.doc.querySelector('.patient-header-name')!.firstChild!.nodeValue =
      '{{recordCtrl.demographic.lastName}}, {{recordCtrl.demographic.firstName}}';
    expect(detect(b.url, b.doc)).toMatchObject({ reason: 'not-rendered' });
  });

  it('matches the Angular provider app only', () => {
    const { url, doc } = load();
    expect(junoAdapter.matches(url, doc)).toBe(true);
    doc.documentElement.removeAttribute('ng-app');
    expect(junoAdapter.matches(url, doc)).toBe(false);
  });
});
