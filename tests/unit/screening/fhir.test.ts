import type { Bundle, Condition, Observation, QuestionnaireResponse, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { validateFhir } from '@/lib/fhir/validate';
import { scoreScreening } from '@/lib/screening';
import { conditionsForNeeds, screeningToFhir } from '@/lib/screening/fhir';
import type { CompletedScreening } from '@/lib/visit/schema';

const PATIENT = 'urn:uuid:00000000-0000-4000-8000-000000000001';
const AUTHOR = 'urn:uuid:00000000-0000-4000-8000-000000000002';

function ids(start = 100) {
  let n = start;
  return () => `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`;
}

function completed(
  instrumentId: string,
  answers: CompletedScreening['answers'],
  language: 'en' | 'fr' = 'en',
) {
  return {
    id: '5d1c2f7e-6a0b-4c4e-9f11-2b7a9c3e8d01',
    instrumentId,
    answers,
    result: scoreScreening(instrumentId, answers),
    completedAt: '2025-03-12T14:20:00-04:00',
    language,
  } satisfies CompletedScreening;
}

const AHC = completed('ahc-hrsn-core', {
  '71802-3': 'LA31994-9',
  '96778-6': ['LA28580-1', 'LA31998-0'],
  '88122-7': 'LA28397-0',
  '88123-5': 'declined',
  '93030-5': 'LA32-8',
  '96779-4': 'LA32-8',
  '95618-5': 'LA6270-8',
  '95617-7': 'LA10066-1',
  '95616-9': 'LA6270-8',
  '95615-1': 'LA6270-8',
});

const obs = (rs: Resource[]) => rs.filter((r): r is Observation => r.resourceType === 'Observation');
const codeOf = (o: Observation) => o.code.coding?.[0]?.code;
const isPos = (o: Observation) => o.interpretation?.[0]?.coding?.[0]?.code === 'POS';
const catCodes = (o: Observation | Condition) =>
  (o.category ?? []).flatMap((c) => c.coding?.map((k) => k.code) ?? []);

function asTransaction(resources: Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((r) => {
      const identifier = Array.isArray((r as Observation).identifier)
        ? (r as Observation).identifier![0]!
        : (r as QuestionnaireResponse).identifier!;
      return {
        fullUrl: `urn:uuid:${r.id}`,
        resource: r,
        request: {
          method: 'POST' as const,
          url: r.resourceType,
          ifNoneExist: `identifier=${identifier.system}|${identifier.value}`,
        },
      };
    }),
  };
}

function expectReferencesResolve(resources: Resource[]) {
  const known = new Set([PATIENT, AUTHOR, ...resources.map((r) => `urn:uuid:${r.id}`)]);
  const refs = JSON.stringify(resources).match(/"reference":"[^"]+"/g) ?? [];
  expect(refs.length).toBeGreaterThan(0);
  for (const r of refs) expect(known.has(r.slice(13, -1)), r).toBe(true);
}

describe('screeningToFhir', () => {
  const resources = screeningToFhir(AHC, PATIENT, { authorRef: AUTHOR, newId: ids() });
  const observations = obs(resources);

  it(
    'every resource validates against base FHIR R4, alone and in a transaction Bundle',
    { timeout: 30_000 },
    () => {
      for (const r of resources) expect(validateFhir(r).issues, `${r.resourceType} ${r.id}`).toEqual([]);
      expect(validateFhir(asTransaction(resources)).issues).toEqual([]);
      expectReferencesResolve(resources);
    },
  );

  it('ids are UUIDs, business identifiers unique and derived from the screening id', () => {
    const values = resources.map((r) => {
      const id = (r as Observation).identifier;
      return (Array.isArray(id) ? id[0] : (id as QuestionnaireResponse['identifier']))!;
    });
    for (const v of values) {
      expect(v.system).toBe('urn:social-rx:screening');
      expect(v.value).toMatch(/^5d1c2f7e-6a0b-4c4e-9f11-2b7a9c3e8d01\//);
    }
    expect(new Set(values.map((v) => v.value)).size).toBe(values.length);
    for (const r of resources) expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('QuestionnaireResponse: answered items coded, declined as asked-declined, totals included', () => {
    const qr = resources[0] as QuestionnaireResponse;
    expect(qr.resourceType).toBe('QuestionnaireResponse');
    expect(qr.status).toBe('completed');
    expect(qr.subject?.reference).toBe(PATIENT);
    expect(qr.author?.reference).toBe(AUTHOR);
    expect(qr.questionnaire).toBe('urn:social-rx:questionnaire:ahc-hrsn-core|1.0.0');
    const byLink = Object.fromEntries(
      qr.item!.map((i) => [i.linkId, i.answer?.map((a) => a.valueCoding?.code ?? a.valueInteger)]),
    );
    expect(byLink['96778-6']).toEqual(['LA28580-1', 'LA31998-0']);
    expect(byLink['88123-5']).toEqual(['asked-declined']);
    expect(byLink['95614-4']).toEqual([5]);
    expect(qr.item!.find((i) => i.linkId === '71802-3')?.text).toBe('What is your living situation today?');
  });

  it('French screenings keep the French question text in the response', () => {
    const fr = screeningToFhir({ ...AHC, language: 'fr' }, PATIENT, { newId: ids() });
    const qr = fr[0] as QuestionnaireResponse;
    expect(qr.language).toBe('fr-CA');
    expect(qr.item![0]!.text).toBe("Quelle est votre situation de logement aujourd'hui?");
  });

  it('Observations: survey + social-history + sdoh + domain on every one', () => {
    for (const o of observations) {
      expect(catCodes(o).slice(0, 3)).toEqual(['survey', 'social-history', 'sdoh']);
    }
    const housing = observations.find((o) => codeOf(o) === '71802-3')!;
    expect(catCodes(housing)).toEqual([
      'survey',
      'social-history',
      'sdoh',
      'housing-instability',
      'homelessness',
    ]);
    const safety = observations.find((o) => codeOf(o) === '95618-5')!;
    expect(catCodes(safety)).toContain('sdoh-category-unspecified');
    expect(safety.category!.at(-1)!.text).toBe('Interpersonal safety');
  });

  it('interpretation POS only on positive answers; never NEG', () => {
    const pos = observations
      .filter(isPos)
      .map((o) => `${codeOf(o)}=${o.valueCodeableConcept?.coding?.[0]?.code}`);
    expect(pos.sort()).toEqual(
      [
        '71802-3=LA31994-9',
        '96778-6=LA28580-1',
        '96778-6=LA31998-0',
        '88122-7=LA28397-0',
        '88124-3=LA19952-3',
      ].sort(),
    );
    expect(JSON.stringify(resources)).not.toContain('"NEG"');
  });

  it('multi-select: one Observation per chosen answer', () => {
    expect(observations.filter((o) => codeOf(o) === '96778-6')).toHaveLength(2);
  });

  it('declined: dataAbsentReason asked-declined, no value, no interpretation', () => {
    const declined = observations.find((o) => codeOf(o) === '88123-5')!;
    expect(declined.dataAbsentReason?.coding?.[0]?.code).toBe('asked-declined');
    expect(declined.valueCodeableConcept).toBeUndefined();
    expect(declined.interpretation).toBeUndefined();
  });

  it('answers have performer = patient and derivedFrom the QR; derived scores have no performer and derivedFrom items', () => {
    const qrRef = `urn:uuid:${resources[0]!.id}`;
    for (const o of observations.filter((x) => x.performer)) {
      expect(o.performer).toEqual([{ reference: PATIENT }]);
      expect(o.derivedFrom).toEqual([{ reference: qrRef }]);
    }
    const total = observations.find((o) => codeOf(o) === '95614-4')!;
    expect(total.performer).toBeUndefined();
    expect(total.valueQuantity).toMatchObject({ value: 5, code: '{score}' });
    expect(total.interpretation).toBeUndefined();
    const safetyIds = observations
      .filter((o) => ['95618-5', '95617-7', '95616-9', '95615-1'].includes(codeOf(o)!))
      .map((o) => `urn:uuid:${o.id}`);
    expect(total.derivedFrom!.map((d) => d.reference)).toEqual(safetyIds);
    const risk = observations.find((o) => codeOf(o) === '88124-3')!;
    expect(risk.performer).toBeUndefined();
    expect(risk.derivedFrom).toHaveLength(2); // the positive item and the declined one
  });

  it('panel Observation groups everything with hasMember', () => {
    const panel = observations.find((o) => codeOf(o) === '96777-8')!;
    expect(panel.hasMember).toHaveLength(observations.length - 1);
    expect(panel.valueCodeableConcept).toBeUndefined();
  });

  it('safety: hurt above Never is flagged POS on its answer; a total ≥ 11 on the total', () => {
    const hurt = completed('ahc-hrsn-core', {
      ...AHC.answers,
      '95618-5': 'LA10066-1',
      '95617-7': 'LA6482-9',
      '95615-1': 'LA6482-9',
    });
    const rs = obs(screeningToFhir(hurt, PATIENT, { newId: ids() }));
    expect(isPos(rs.find((o) => codeOf(o) === '95618-5')!)).toBe(true);
    expect(isPos(rs.find((o) => codeOf(o) === '95617-7')!)).toBe(false);
    const total = rs.find((o) => codeOf(o) === '95614-4')!;
    expect(total.valueQuantity?.value).toBe(13);
    expect(isPos(total)).toBe(true);
  });

  it('missing items produce nothing; an incomplete safety block produces no total', () => {
    const partial = completed('ahc-hrsn-core', { '71802-3': 'LA31993-1', '95618-5': 'LA6270-8' });
    const rs = screeningToFhir(partial, PATIENT, { newId: ids() });
    expect(obs(rs).map(codeOf)).toEqual(['71802-3', '95618-5', '96777-8']);
    for (const r of rs) expect(validateFhir(r).issues).toEqual([]);
  });

  it('UCLA-3, LSNS-6, HVS, poverty and supplemental items validate and derive their scores', () => {
    const cases = [
      completed('ucla-3', { 'ucla3-1': 3, 'ucla3-2': 2, 'ucla3-3': 2 }, 'fr'),
      completed('lsns-6', {
        'lsns6-1': 1,
        'lsns6-2': 2,
        'lsns6-3': 2,
        'lsns6-4': 1,
        'lsns6-5': 2,
        'lsns6-6': 'declined',
      }),
      completed('hunger-vital-sign', { '88122-7': 'LA28398-8', '88123-5': 'LA15775-2' }),
      completed('poverty', { 'poverty-1': 'yes' }),
      completed('ahc-financial-strain', { '76513-1': 'LA22683-9' }),
      completed('ahc-loneliness', { '93159-2': 'LA9933-8' }),
    ];
    const all = cases.map((c) => screeningToFhir(c, PATIENT, { newId: ids() }));
    for (const rs of all)
      for (const r of rs) expect(validateFhir(r).issues, JSON.stringify(r).slice(0, 120)).toEqual([]);
    const [ucla, lsns, hvs, poverty, strain, lonely] = all.map(obs);
    const uclaTotal = ucla!.find((o) => codeOf(o) === '106421-1')!;
    expect(uclaTotal.valueQuantity?.value).toBe(7);
    expect(isPos(uclaTotal)).toBe(true);
    expect(catCodes(uclaTotal)).toContain('social-connection');
    expect(lsns!.some((o) => o.valueQuantity)).toBe(false); // a declined item: no total
    expect(hvs!.map(codeOf)).toEqual(['88122-7', '88123-5', '88121-9']); // no risk derived from never + don't know
    expect(hvs!.some(isPos)).toBe(false);
    expect(poverty!.filter(isPos).map(codeOf)).toEqual(['poverty-1']);
    expect(catCodes(poverty![0]!)).toContain('financial-insecurity');
    expect(strain!.filter(isPos)).toHaveLength(1);
    expect(lonely!.filter(isPos)).toHaveLength(1);
    // The clinic's configured loneliness positives are applied to POS too.
    const strict = obs(
      screeningToFhir(cases[5]!, PATIENT, { newId: ids(), scoring: { lonelinessPositive: ['LA10044-8'] } }),
    );
    expect(strict.filter(isPos)).toHaveLength(0);
  });
});

describe('conditionsForNeeds', () => {
  const evidence = screeningToFhir(AHC, PATIENT, { newId: ids() });
  const opts = {
    key: 'visit-1',
    recordedAt: '2025-03-12T14:25:00-04:00',
    asserterRef: AUTHOR,
    newId: ids(900),
  };

  it('one health concern per confirmed need, unconfirmed until agreed, citing positive evidence of its domain', () => {
    const conditions = conditionsForNeeds(
      ['food-insecurity', 'housing-instability'],
      PATIENT,
      evidence,
      opts,
    );
    expect(conditions).toHaveLength(2);
    const [food, housing] = conditions;
    for (const c of conditions) {
      expect(validateFhir(c).issues).toEqual([]);
      expect(catCodes(c).slice(0, 2)).toEqual(['health-concern', 'sdoh']);
      expect(c.verificationStatus?.coding?.[0]?.code).toBe('unconfirmed');
      expect(c.subject.reference).toBe(PATIENT);
    }
    expect(catCodes(food!)).toContain('food-insecurity');
    expect(food!.code?.coding?.[0]?.code).toBe('733423003');
    const risk = obs(evidence).find((o) => codeOf(o) === '88124-3')!;
    expect(food!.evidence?.[0]?.detail?.[0]?.reference).toBe(`urn:uuid:${risk.id}`); // derived first
    expect(food!.evidence?.[0]?.detail).toHaveLength(2);
    const housingObs = obs(evidence).find((o) => codeOf(o) === '71802-3')!;
    expect(housing!.evidence?.[0]?.detail).toEqual([{ reference: `urn:uuid:${housingObs.id}` }]);
    expect(housing!.code?.text).toBe('Housing Instability');
    expect(housing!.identifier?.[0]).toEqual({
      system: 'urn:social-rx:screening',
      value: 'visit-1/condition-housing-instability',
    });
    expect(validateFhir(asTransaction([...evidence, ...conditions])).issues).toEqual([]);
  });

  it('confirmed when clinician and patient agreed; no evidence for a need marked directly', () => {
    const [c] = conditionsForNeeds(['transportation-insecurity'], PATIENT, evidence, {
      ...opts,
      agreedWithPatient: true,
    });
    expect(c!.verificationStatus?.coding?.[0]?.code).toBe('confirmed');
    expect(c!.evidence).toBeUndefined();
    expect(validateFhir(c).issues).toEqual([]);
  });

  it('without options: identifiers keyed on the evidence screening ids, recorded now', () => {
    const [c] = conditionsForNeeds(['food-insecurity'], PATIENT, evidence);
    expect(c!.identifier?.[0]?.value).toBe('5d1c2f7e-6a0b-4c4e-9f11-2b7a9c3e8d01/condition-food-insecurity');
    expect(Date.parse(c!.recordedDate!)).toBeGreaterThan(Date.parse('2025-01-01'));
    expect(c!.verificationStatus?.coding?.[0]?.code).toBe('unconfirmed');
    expect(validateFhir(c).issues).toEqual([]);
  });

  it('nothing for no needs; duplicates collapse', () => {
    expect(conditionsForNeeds([], PATIENT, evidence, opts)).toEqual([]);
    expect(conditionsForNeeds(['stress', 'stress'], PATIENT, [], opts)).toHaveLength(1);
  });
});
