// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { DetectionResult, IDENTIFIER_SYSTEMS } from '@/lib/patient/context';
import { loadFixture } from '@/lib/emr/testing/load-fixture';
import { medplumAdapter } from './adapter';

const PID = '0190a3c2-7e5b-7cc1-9d1e-2f6a4b8c0d11';
const load = (file: string, url: string) => loadFixture(`lib/emr/adapters/medplum/fixtures/${file}`, url);
const detect = (url: URL, doc: Document) => DetectionResult.parse(medplumAdapter.detect(url, doc));
const patientPage = () => load('patient-timeline.html', `/Patient/${PID}/timeline`);

const expected = {
  status: 'patient',
  patient: {
    displayName: 'Taylor Demofixture',
    birthDate: '1984-06-30',
    sex: 'female',
    identifiers: [
      { kind: 'on-hcn', system: IDENTIFIER_SYSTEMS.onHealthCard, value: '2718281823', valid: true },
      { kind: 'mrn', system: 'https://clinic.example/mrn', value: 'MRN-4410', valid: true },
      { kind: 'emr-record', system: `${IDENTIFIER_SYSTEMS.emrRecordBase}/medplum`, value: PID, valid: true },
    ],
    source: 'medplum',
  },
};

describe('Medplum app', () => {
  it('Patient page: the PatientHeader found by structure (Name → link to /Patient/<id>), not by hashed classes', () => {
    const { url, doc } = patientPage();
    expect(detect(url, doc)).toEqual(expected);
    for (const el of doc.querySelectorAll('[class]'))
      el.setAttribute('class', 'x' + Math.random().toString(36).slice(2));
    expect(detect(url, doc)).toEqual(expected); // class names rebuilt: same answer (the app probe is in matches())
  });

  it('Encounter page: the subject is the patient; the encounter identifier is never reported', () => {
    const { url, doc } = load('encounter.html', '/Encounter/0190a3c2-1111-7cc1-9d1e-2f6a4b8c0d22/timeline');
    const r = detect(url, doc);
    expect(r).toEqual(expected);
    expect(JSON.stringify(r)).not.toMatch(/ENC-0077|0190a3c2-1111/);
  });

  it('timeline links to other resources are not headers; a header for another patient id than the URL → ambiguous', () => {
    const { doc } = patientPage();
    expect(
      detect(new URL(`http://127.0.0.1/Patient/0190a3c2-3333-7cc1-9d1e-2f6a4b8c0d44`), doc),
    ).toMatchObject({
      reason: 'ambiguous',
    });
  });

  it('two PatientHeaders for different patients → ambiguous; header not loaded yet → not-rendered', () => {
    const a = patientPage();
    const header = a.doc.querySelector('.mantine-ScrollArea-root')!;
    const copy = header.cloneNode(true) as Element;
    copy
      .querySelector('a[href^="/Patient/"]')!
      .setAttribute('href', '/Patient/0190a3c2-3333-7cc1-9d1e-2f6a4b8c0d44');
    header.after(copy);
    expect(detect(new URL('http://127.0.0.1/Encounter/e1/timeline'), a.doc)).toMatchObject({
      reason: 'ambiguous',
    });
    const b = patientPage();
    b.doc.querySelector('.mantine-ScrollArea-root')!.remove();
    expect(detect(b.url, b.doc)).toMatchObject({ reason: 'not-rendered' });
  });

  it('search pages → multiple-patients; matches the Medplum app shell only', () => {
    const s = load('patient-search.html', '/Patient?_count=20');
    expect(detect(s.url, s.doc)).toMatchObject({ reason: 'multiple-patients' });
    expect(medplumAdapter.matches(s.url, s.doc)).toBe(true);
    const other = loadFixture('demo/emr/chart.html', `/Patient/${PID}`);
    expect(medplumAdapter.matches(other.url, other.doc)).toBe(false);
  });
});
