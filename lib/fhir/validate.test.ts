import { describe, expect, it } from 'vitest';
import example from '@/tests/unit/screening/fixtures/gravity-example-bundle.json';
import { validateFhir } from './validate';

const observation = () => ({
  resourceType: 'Observation',
  status: 'final',
  category: [
    { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] },
  ],
  code: { coding: [{ system: 'http://loinc.org', code: '88122-7' }] },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: '2025-03-12T14:20:00-04:00',
  valueCodeableConcept: {
    coding: [{ system: 'http://loinc.org', code: 'LA28397-0', display: 'Often true' }],
  },
});

describe('validateFhir (base FHIR R4)', () => {
  it('accepts a valid resource', { timeout: 30_000 }, () => {
    const r = validateFhir(observation());
    expect(r.issues).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('accepts the reference Gravity example bundle (every entry)', () => {
    const r = validateFhir(example);
    expect(r.issues).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('rejects a wrong JSON type', () => {
    const r = validateFhir({
      ...observation(),
      valueCodeableConcept: undefined,
      valueQuantity: { value: '7' },
    });
    expect(r.valid).toBe(false);
    expect(r.issues.join('\n')).toMatch(/valueQuantity|value\[x\]/);
  });

  it('rejects an element that does not exist', () => {
    const r = validateFhir({ ...observation(), colour: 'blue' });
    expect(r.valid).toBe(false);
    expect(r.issues.join('\n')).toContain('colour');
  });

  it('rejects a code outside a required binding (primitive code)', () => {
    const r = validateFhir({ ...observation(), status: 'done' });
    expect(r.valid).toBe(false);
    expect(r.issues).toEqual(['Observation.status: code "done" is not in the required value set']);
  });

  it('accepts a nested code of a hierarchical code system (corrected ⊂ amended)', () => {
    expect(validateFhir({ ...observation(), status: 'corrected' }).valid).toBe(true);
  });

  it('rejects a coding outside a required binding (CodeableConcept)', () => {
    const condition = {
      resourceType: 'Condition',
      subject: { reference: 'Patient/p1' },
      code: { text: 'Food insecurity' },
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'ongoing' }],
      },
    };
    const bad = validateFhir(condition);
    expect(bad.valid).toBe(false);
    expect(bad.issues.join('\n')).toContain('Condition.clinicalStatus');
    const textOnly = validateFhir({ ...condition, clinicalStatus: { text: 'active' } });
    expect(textOnly.issues.join('\n')).toContain('no coding from the required value set');
    const good = validateFhir({
      ...condition,
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
    });
    expect(good.issues).toEqual([]);
  });

  it('rejects a missing mandatory element and a broken invariant', () => {
    const { status: _s, ...noStatus } = observation();
    expect(validateFhir(noStatus).issues.join('\n')).toContain('Observation.status');
    const obs6 = validateFhir({ ...observation(), dataAbsentReason: { text: 'asked-declined' } });
    expect(obs6.issues.join('\n')).toContain('obs-6');
  });

  it('finds errors inside Bundle entries', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:8d0e3c52-9c2b-4f7e-9d3c-1b2a3c4d5e6f',
          resource: { ...observation(), status: 'bogus' },
          request: { method: 'POST', url: 'Observation' },
        },
        {
          fullUrl: 'urn:uuid:8d0e3c52-9c2b-4f7e-9d3c-1b2a3c4d5e70',
          resource: { ...observation(), extra: true },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    };
    const r = validateFhir(bundle);
    expect(r.valid).toBe(false);
    expect(r.issues.join('\n')).toContain('Bundle.entry[0].resource.status');
    expect(r.issues.join('\n')).toContain('Bundle.entry[1].resource.extra');
    expect(validateFhir({ ...bundle, type: 'pile' }).issues.join('\n')).toContain('Bundle.type');
  });

  it('rejects things that are not resources', () => {
    for (const x of [null, 'Observation', 42, {}, { resourceType: 'Nope' }, []]) {
      const r = validateFhir(x);
      expect(r.valid).toBe(false);
      expect(r.issues.length).toBeGreaterThan(0);
    }
  });
});
