// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DetectionResult } from '@/lib/patient/context';
import { loadFixture } from '@/lib/emr/testing/load-fixture';
import { compileUrlPattern, createConfiguredAdapter } from './adapter';
import { ConfiguredAdapterDefinition, parseConfiguredAdapters } from './schema';

const fixtureDef = () =>
  JSON.parse(readFileSync('lib/emr/adapters/configured/fixtures/definition.json', 'utf8')) as unknown;
const chart = () =>
  loadFixture('lib/emr/adapters/configured/fixtures/chart.html', '/clinic-emr/chart.php?patient=4410');
const adapterFor = (def: unknown) => createConfiguredAdapter(ConfiguredAdapterDefinition.parse(def));
const detect = (def: unknown, page: { url: URL; doc: Document }) =>
  DetectionResult.parse(adapterFor(def).detect(page.url, page.doc));
const base = {
  id: 'clinic',
  label: 'Clinic EMR',
  urlPattern: 'https://emr.clinic.example/*',
  name: { selector: '.name' },
};
const page = (html: string, path = '/chart') => {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html');
  return { url: new URL(`https://emr.clinic.example${path}`), doc };
};

describe('clinic-configured adapter: reading', () => {
  it('reads fields by the label next to them inside chartRoot, DD/MM/YYYY as the EMR declares', () => {
    expect(detect(fixtureDef(), chart())).toEqual({
      status: 'patient',
      patient: {
        displayName: 'TESTCLINIC, MORGAN',
        family: 'TESTCLINIC',
        given: 'MORGAN',
        birthDate: '1960-09-05',
        sex: 'other',
        identifiers: [
          { kind: 'on-hcn', system: expect.any(String), value: '1618033987', version: 'KT', valid: true },
          {
            kind: 'emr-record',
            system: 'urn:social-rx:emr-record/configured-clinic-demo',
            value: '4410',
            valid: true,
          },
        ],
        source: 'configured-clinic-demo',
      },
    });
  });

  it('the list indicator → multiple-patients; chartRoot missing → not-rendered, twice → ambiguous', () => {
    const list = loadFixture(
      'lib/emr/adapters/configured/fixtures/patients.html',
      '/clinic-emr/patients.php',
    );
    expect(detect(fixtureDef(), list)).toMatchObject({ reason: 'multiple-patients' });
    const a = chart();
    a.doc.getElementById('pt-header')!.remove();
    expect(detect(fixtureDef(), a)).toMatchObject({ reason: 'not-rendered' });
    const b = chart();
    b.doc.body.append(b.doc.getElementById('pt-header')!.cloneNode(true));
    expect(detect(fixtureDef(), b)).toMatchObject({ reason: 'ambiguous' });
  });

  it('label layouts: th/td, label[for] with an input, "<b>DOB:</b> text", span.label + span', () => {
    const def = {
      ...base,
      name: { label: 'Name' },
      birthDate: { label: 'DOB', labelSelector: 'b' },
      sex: { label: 'Gender' },
      identifiers: [{ kind: 'mrn', system: 'urn:clinic:mrn', from: { label: 'MRN' } }],
    };
    const p = page(
      '<table><tr><th>Name:</th><td>TESTPATIENT, ALEX</td></tr></table>' +
        '<p><b>DOB:</b> 14-Mar-1956 <br></p>' +
        '<label for="g">Gender</label><input id="g" value="F">' +
        '<div><span class="label">MRN</span><span>A-77</span></div>',
    );
    expect(detect(def, p)).toMatchObject({
      patient: {
        displayName: 'TESTPATIENT, ALEX',
        birthDate: '1956-03-14',
        sex: 'female',
        identifiers: [{ kind: 'mrn', system: 'urn:clinic:mrn', value: 'A-77' }],
      },
    });
  });

  it('selector with attribute, {record} from the path; two elements for a field → ambiguous', () => {
    const def = {
      ...base,
      urlPattern: 'https://emr.clinic.example/patients/{record}/chart*',
      birthDate: { selector: 'time.dob', attribute: 'datetime' },
      identifiers: [{ kind: 'emr-record', from: { urlPart: 'record' } }],
    };
    const p = page(
      '<h1 class="name">TESTPATIENT, ALEX</h1><time class="dob" datetime="1956-03-14">March 14</time>',
      '/patients/77/chart/summary',
    );
    expect(detect(def, p)).toMatchObject({
      patient: { birthDate: '1956-03-14', identifiers: [{ value: '77' }] },
    });
    p.doc.body.insertAdjacentHTML('beforeend', '<span class="name">OTHER, PERSON</span>');
    expect(detect(def, p)).toMatchObject({ status: 'none', reason: 'ambiguous' });
  });

  it('a label that appears twice (outside chartRoot there is no scope) → ambiguous, never the first one', () => {
    const def = { ...base, name: { label: 'Patient' } };
    const p = page(
      '<dl><dt>Patient</dt><dd>TESTPATIENT, ALEX</dd></dl><dl><dt>Patient</dt><dd>RELATIVE, SAM</dd></dl>',
    );
    expect(detect(def, p)).toMatchObject({ reason: 'ambiguous' });
  });

  it('URL patterns: * and {record}, origin+path unless the pattern has ? or #', () => {
    const { re, wholeUrl } = compileUrlPattern('https://emr.clinic.example/patients/{record}/*');
    expect(wholeUrl).toBe(false);
    expect(re.exec('https://emr.clinic.example/patients/A-12/chart')?.[1]).toBe('A-12');
    expect(re.test('https://emr.clinic.example.evil.test/patients/1/x')).toBe(false);
    expect(re.test('https://emr.clinic.example/other/1/x')).toBe(false);
    const adapter = adapterFor({ ...base, urlPattern: 'https://emr.clinic.example/chart.php?view=summary*' });
    const doc = page('').doc;
    expect(adapter.matches(new URL('https://emr.clinic.example/chart.php?view=summary&id=3'), doc)).toBe(
      true,
    );
    expect(adapter.matches(new URL('https://emr.clinic.example/chart.php?view=list'), doc)).toBe(false);
  });
});

describe('clinic-configured adapter: definitions', () => {
  it('the fixture definition and the example in docs/emr-adapters.md are valid', () => {
    const docs = readFileSync('docs/emr-adapters.md', 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(docs)![1]!;
    const { adapters, errors } = parseConfiguredAdapters([fixtureDef(), JSON.parse(example)]);
    expect(errors).toEqual([]);
    expect(adapters.map((a) => a.id)).toEqual(['configured-clinic-demo', 'configured-maple-clinic']);
  });

  it.each([
    ['no name locator', { ...base, name: undefined }, /must be one of[\s\S]*at name/],
    ['a URL pattern that is not http(s)', { ...base, urlPattern: 'javascript:alert(1)//x' }, /urlPattern/],
    ['markup in a selector', { ...base, name: { selector: '<img src=x>' } }, /plain CSS selector/],
    [
      'an unknown placeholder',
      { ...base, urlPattern: 'https://emr.clinic.example/{patient}' },
      /only placeholder is \{record\}/,
    ],
    [
      '{record} used but not captured',
      { ...base, identifiers: [{ kind: 'emr-record', from: { urlPart: 'record' } }] },
      /has no \{record\}/,
    ],
    [
      'an unknown identifier kind',
      { ...base, identifiers: [{ kind: 'ssn', from: { selector: '.x' } }] },
      /identifiers/,
    ],
    [
      'a system on a health number',
      { ...base, identifiers: [{ kind: 'on-hcn', system: 'x', from: { selector: '.x' } }] },
      /system is only for kind "mrn"/,
    ],
    ['an unknown date format', { ...base, dateFormat: 'YY/MM/DD' }, /dateFormat/],
    ['an extra key', { ...base, script: 'alert(1)' }, /script/],
    ['a bad id', { ...base, id: 'Clinic EMR!' }, /id/],
  ])('rejects %s with a readable error naming the field', (_what, def, pattern) => {
    const { adapters, errors } = parseConfiguredAdapters([def]);
    expect(adapters).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.index).toBe(0);
    expect(errors[0]!.message).toMatch(pattern);
  });

  it('keeps the valid definitions and reports the invalid and duplicate ones by index', () => {
    const { adapters, errors } = parseConfiguredAdapters([base, 'not an object', base]);
    expect(adapters.map((a) => a.id)).toEqual(['configured-clinic']);
    expect(errors.map((e) => e.index)).toEqual([1, 2]);
    expect(errors[1]!.message).toMatch(/duplicate id/);
  });
});
