// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { DetectionResult, IDENTIFIER_SYSTEMS } from '@/lib/patient/context';
import { loadFixture } from '@/lib/emr/testing/load-fixture';
import { openmrsAdapter } from './adapter';

const UUID = '8673ee4f-e2ab-4077-ba55-4980f408773e';
const OTHER = '4d1f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7';
const CHART = `/openmrs/spa/patient/${UUID}/chart/Patient%20Summary`;
const load = (file: string, url = CHART) => loadFixture(`lib/emr/adapters/openmrs/fixtures/${file}`, url);
const detect = (url: URL, doc: Document) => DetectionResult.parse(openmrsAdapter.detect(url, doc));

describe('OpenMRS 3 patient chart', () => {
  it('reads the chart banner (header[aria-label="patient banner"]) without relying on hashed class names', () => {
    const { url, doc } = load('chart.html');
    expect(detect(url, doc)).toEqual({
      status: 'patient',
      patient: {
        displayName: 'Jordan Sampleperson',
        birthDate: '1990-07-21',
        sex: 'male',
        identifiers: [
          { kind: 'mrn', system: 'urn:social-rx:mrn/openmrs', value: '100GEJ', valid: true },
          { kind: 'on-hcn', system: IDENTIFIER_SYSTEMS.onHealthCard, value: '3141592653', valid: true },
          {
            kind: 'emr-record',
            system: `${IDENTIFIER_SYSTEMS.emrRecordBase}/openmrs`,
            value: UUID,
            valid: true,
          },
        ],
        source: 'openmrs',
      },
    });
  });

  it('the search overlay listing other patients does not change the answer; relationships are never read', () => {
    const plain = load('chart.html');
    const overlay = load('chart-search-overlay.html');
    const r = detect(overlay.url, overlay.doc);
    expect(r).toEqual(detect(plain.url, plain.doc));
    expect(JSON.stringify(r)).not.toMatch(/Otherperson|Anotherperson|Morgan/);
  });

  it('delayed banner: the chart shell alone → not-rendered, then the banner → patient', () => {
    const { url, doc } = load('chart-delayed.html');
    expect(detect(url, doc)).toMatchObject({ status: 'none', reason: 'not-rendered' });
    const template = doc.getElementById('delayed-banner') as HTMLTemplateElement;
    doc.getElementById('banner-slot')!.replaceWith(template.content.cloneNode(true));
    expect(detect(url, doc)).toMatchObject({
      status: 'patient',
      patient: { displayName: 'Jordan Sampleperson' },
    });
  });

  it('pushState to another patient: the record number follows the route, the name the re-rendered banner', () => {
    const { doc } = load('chart.html');
    doc.querySelector('[class*="__patientName___"]')!.textContent = 'Avery Otherperson';
    const r = detect(new URL(`http://127.0.0.1/openmrs/spa/patient/${OTHER}/chart/Patient%20Summary`), doc);
    expect(r).toMatchObject({
      patient: { displayName: 'Avery Otherperson', identifiers: [{}, {}, { value: OTHER }] },
    });
  });

  it('two chart banners → ambiguous; home and search pages → multiple-patients; other routes → not-a-chart', () => {
    const a = load('chart.html');
    a.doc.body.append(a.doc.querySelector('header[aria-label="patient banner"]')!.cloneNode(true));
    expect(detect(a.url, a.doc)).toMatchObject({ reason: 'ambiguous' });
    const home = load('home.html', '/openmrs/spa/home');
    expect(detect(home.url, home.doc)).toMatchObject({ reason: 'multiple-patients' });
    expect(detect(new URL('http://127.0.0.1/openmrs/spa/search?query=jo'), home.doc)).toMatchObject({
      reason: 'multiple-patients',
    });
    expect(detect(new URL('http://127.0.0.1/openmrs/spa/system-administration'), home.doc)).toMatchObject({
      reason: 'not-a-chart',
    });
  });

  it('matches single-spa pages under /spa/ only', () => {
    const { url, doc } = load('chart.html');
    expect(openmrsAdapter.matches(url, doc)).toBe(true);
    expect(openmrsAdapter.matches(new URL('http://127.0.0.1/openmrs/index.htm'), doc)).toBe(false);
    const plain = loadFixture('demo/emr/chart.html', CHART);
    expect(openmrsAdapter.matches(plain.url, plain.doc)).toBe(false);
  });
});
