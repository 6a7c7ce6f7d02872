// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { DetectionResult, IDENTIFIER_SYSTEMS } from '@/lib/patient/context';
import { loadFixture } from '@/lib/emr/testing/load-fixture';
import { demoAdapter } from './adapter';

const chart = () => loadFixture('demo/emr/chart.html', '/demo-emr/chart.html');

describe('demo adapter', () => {
  it('matches /demo-emr/ pages on loopback only', () => {
    const { doc } = chart();
    expect(demoAdapter.matches(new URL('http://127.0.0.1:5173/demo-emr/chart.html'), doc)).toBe(true);
    expect(demoAdapter.matches(new URL('http://localhost/demo-emr/spa.html?patient=1002'), doc)).toBe(true);
    expect(demoAdapter.matches(new URL('https://emr.clinic.example/demo-emr/chart.html'), doc)).toBe(false);
    expect(demoAdapter.matches(new URL('http://127.0.0.1/oscar/demo-emr/chart.html'), doc)).toBe(false);
  });

  it('reads the chart banner: name as shown, split, ISO birth date, sex, HCN then record number', () => {
    const { url, doc } = chart();
    const r = demoAdapter.detect(url, doc);
    expect(DetectionResult.parse(r)).toEqual({
      status: 'patient',
      patient: {
        displayName: 'TESTPATIENT, ALEX',
        family: 'TESTPATIENT',
        given: 'ALEX',
        birthDate: '1956-03-14',
        sex: 'female',
        identifiers: [
          {
            kind: 'on-hcn',
            system: IDENTIFIER_SYSTEMS.onHealthCard,
            value: '9876543217',
            valid: true,
            version: 'AB',
          },
          {
            kind: 'emr-record',
            system: `${IDENTIFIER_SYSTEMS.emrRecordBase}/demo`,
            value: '1001',
            valid: true,
          },
        ],
        source: 'demo',
      },
    });
  });

  it('never reports the substitute decision-maker or the MRP', () => {
    const { url, doc } = chart();
    const r = demoAdapter.detect(url, doc);
    expect(JSON.stringify(r)).not.toMatch(/TESTRELATIVE|Physician/);
  });

  it('schedule page (one .pt-name per row, no banner) → multiple-patients', () => {
    const { url, doc } = loadFixture('demo/emr/schedule.html', '/demo-emr/schedule.html');
    expect(demoAdapter.detect(url, doc)).toEqual({
      status: 'none',
      reason: 'multiple-patients',
      adapter: 'demo',
    });
  });

  it('index page → not-a-chart; emptied SPA banner → not-rendered', () => {
    const index = loadFixture('demo/emr/index.html', '/demo-emr/');
    expect(demoAdapter.detect(index.url, index.doc)).toMatchObject({ status: 'none', reason: 'not-a-chart' });
    const spa = loadFixture('demo/emr/spa.html', '/demo-emr/spa.html');
    expect(demoAdapter.detect(spa.url, spa.doc)).toMatchObject({ status: 'none', reason: 'not-rendered' });
  });

  it('a failing check digit is reported as invalid, not dropped', () => {
    const { url, doc } = chart();
    doc.querySelector('.pt-hcn')!.textContent = 'HCN: 9876 543 210 AB';
    const r = demoAdapter.detect(url, doc);
    expect(r.status === 'patient' && r.patient.identifiers[0]).toMatchObject({
      value: '9876543210',
      valid: false,
    });
  });

  it('falls back to the displayed DOB text when there is no <time datetime>', () => {
    const { url, doc } = chart();
    doc.querySelector('.pt-dob')!.textContent = 'DOB: 05-Sept-1960';
    const r = demoAdapter.detect(url, doc);
    expect(r.status === 'patient' && r.patient.birthDate).toBe('1960-09-05');
  });

  it('two banners, or two names in the banner → ambiguous', () => {
    const a = chart();
    a.doc.body.append(a.doc.querySelector('#patient-banner')!.cloneNode(true));
    expect(demoAdapter.detect(a.url, a.doc)).toMatchObject({ status: 'none', reason: 'ambiguous' });
    const b = chart();
    const name = b.doc.createElement('span');
    name.className = 'pt-name';
    name.textContent = 'OTHER, PERSON';
    b.doc.querySelector('#patient-banner')!.append(name);
    expect(demoAdapter.detect(b.url, b.doc)).toMatchObject({ status: 'none', reason: 'ambiguous' });
  });
});
