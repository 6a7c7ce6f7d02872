import { describe, expect, it } from 'vitest';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { buildReferralBundle } from '@/lib/referral/bundle';
import { checkReferralBundle } from '@/lib/referral/bundle-check';
import { ReferralRequest } from '@/lib/referral/request';
import { profileClaims } from '@/lib/referral/profiles';
import { screeningResourcesFor } from '@/lib/referral/screening-resources';
import { aRequest, requestInput, REFERRAL_ID, screeningGroups, seqUuid, UCLA_ID } from './support/factories';
import { validateFhir } from '@/lib/fhir/validate';

const build = (req = aRequest()) => buildReferralBundle(req, screeningGroups(), { uuid: seqUuid() });
const ofType = <T extends Resource['resourceType']>(b: Bundle, t: T) =>
  (b.entry ?? [])
    .filter((e) => e.resource?.resourceType === t)
    .map((e) => e.resource as Extract<Resource, { resourceType: T }>);
const json = (b: Bundle) => JSON.stringify(b);
const check = (b: Bundle, allowSafety = false) =>
  checkReferralBundle(b, { referralId: REFERRAL_ID, allowSafety }, validateFhir);

describe('buildReferralBundle: shape', () => {
  const b = build();

  it('is a transaction of POSTs with urn:uuid fullUrls and ifNoneExist on every entry', () => {
    expect(b.type).toBe('transaction');
    for (const e of b.entry ?? []) {
      expect(e.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(e.request?.method).toBe('POST');
      expect(e.request?.url).toBe(e.resource?.resourceType);
      expect(e.request?.ifNoneExist).toMatch(/^identifier=\S+\|\S+$/);
    }
  });

  it('has the Gravity resources: patient, clinic, practitioner and role, navigator, consent, goals, SR, Task', () => {
    const types = (b.entry ?? []).map((e) => e.resource?.resourceType);
    for (const t of [
      'Patient',
      'Practitioner',
      'PractitionerRole',
      'Consent',
      'Goal',
      'ServiceRequest',
      'Task',
    ])
      expect(types).toContain(t);
    expect(ofType(b, 'Organization').map((o) => o.name)).toEqual([
      'Test Family Health Team',
      'Test Navigation Service',
    ]);
  });

  it('identifies the ServiceRequest by the referral UUID and conditionally creates on it', () => {
    const srEntry = (b.entry ?? []).find((e) => e.resource?.resourceType === 'ServiceRequest')!;
    expect(srEntry.request?.ifNoneExist).toBe(`identifier=urn:social-rx:referral|${REFERRAL_ID}`);
    const sr = srEntry.resource as Extract<Resource, { resourceType: 'ServiceRequest' }>;
    expect(sr.identifier).toEqual([{ system: 'urn:social-rx:referral', value: REFERRAL_ID }]);
    expect(sr.status).toBe('active');
    expect(sr.intent).toBe('order');
    expect(sr.supportingInfo?.[0]?.reference).toBe(
      (b.entry ?? []).find((e) => e.resource?.resourceType === 'Consent')!.fullUrl,
    );
    expect(sr.category?.map((c) => c.coding?.[0]?.code)).toEqual([
      'food-insecurity',
      'housing-instability',
      'social-connection',
    ]);
    expect(sr.extension?.filter((x) => x.url.endsWith('resource-pertainsToGoal'))).toHaveLength(2);
    expect(sr.performer?.slice(1).map((p) => p.identifier?.value)).toEqual(['svc-good-food-box', 'svc-walk']);
    expect(sr.orderDetail?.map((o) => o.coding?.[0]?.code)).toEqual(['cost', 'transport']);
  });

  it('creates the Task as requested / order / fulfill, owned by the navigator, focused on the ServiceRequest', () => {
    const [task] = ofType(b, 'Task');
    const entries = b.entry ?? [];
    const urlOf = (t: string, name?: string) =>
      entries.find(
        (e) => e.resource?.resourceType === t && (!name || (e.resource as { name?: string }).name === name),
      )!.fullUrl;
    expect(task).toMatchObject({ status: 'requested', intent: 'order', priority: 'routine' });
    expect(task!.code?.coding?.[0]).toMatchObject({
      system: 'http://hl7.org/fhir/CodeSystem/task-code',
      code: 'fulfill',
    });
    expect(task!.owner?.reference).toBe(urlOf('Organization', 'Test Navigation Service'));
    expect(task!.focus?.reference).toBe(urlOf('ServiceRequest'));
    expect(task!.requester?.reference).toBe(urlOf('PractitionerRole'));
    expect(task!.for?.reference).toBe(urlOf('Patient'));
  });

  it('records express consent to this navigator (IDSCL, IRCP, disclose, PHIPA, one year)', () => {
    const [c] = ofType(b, 'Consent');
    expect(c!.category?.[0]?.coding?.[0]?.code).toBe('IDSCL');
    expect(c!.provision?.actor?.[0]?.role.coding?.[0]?.code).toBe('IRCP');
    expect(c!.provision?.period).toEqual({ start: '2025-03-12', end: '2026-03-12' });
    expect(c!.policy?.[0]?.uri).toBe('https://www.ontario.ca/laws/statute/04p03');
    const text = new TextDecoder().decode(
      Uint8Array.from(atob(c!.sourceAttachment!.data!), (ch) => ch.charCodeAt(0)),
    );
    expect(text).toContain('Verbal express consent');
    expect(text).toContain('Dr. TESTDOCTOR, SAM');
  });

  it('resolves every reference inside the bundle, rewriting screening ids to urn:uuids', () => {
    expect(json(b)).not.toMatch(/"reference":"(Patient|Observation|QuestionnaireResponse|Condition)\//);
    expect(check(b)).toEqual({ valid: true, issues: [] });
  });

  it('passes base R4 validation', () => {
    expect(validateFhir(b)).toMatchObject({ valid: true, issues: [] });
  });

  it('is built the same way twice except for fullUrls (business identifiers are stable across rebuilds)', () => {
    const again = buildReferralBundle(aRequest(), screeningGroups(), {
      uuid: seqUuid('00000000-0000-4000-9000-'),
    });
    const ids = (x: Bundle) => (x.entry ?? []).map((e: BundleEntry) => e.request?.ifNoneExist);
    expect(ids(again)).toEqual(ids(b));
  });
});

describe('buildReferralBundle: minimum necessary', () => {
  it('leaves out every safety answer, the safety total and safety needs by default', () => {
    const b = build();
    const text = json(b);
    for (const code of ['95618-5', '95617-7', '95616-9', '95615-1', '95614-4'])
      expect(text).not.toContain(code);
    expect(text).not.toContain('Interpersonal safety');
    expect(check(b).valid).toBe(true);
  });

  it('includes safety content only when explicitly added, and the check then allows it', () => {
    const input = requestInput();
    input.consent.share = {
      ...input.consent.share,
      safety: true,
      needs: [...input.consent.share.needs, 'interpersonal-safety'],
    };
    const b = build(ReferralRequest.parse(input));
    expect(json(b)).toContain('95618-5');
    expect(json(b)).toContain('Interpersonal safety');
    expect(check(b, true).valid).toBe(true);
    expect(check(b, false).issues.some((i) => i.includes('safety'))).toBe(true);
  });

  it('drops unticked patient details, needs, goals, programs, barriers, interests and screenings', () => {
    const input = requestInput();
    input.consent.share = {
      ...input.consent.share,
      birthDate: false,
      healthNumber: false,
      contact: false,
      language: false,
      needs: ['food-insecurity'],
      screeningIds: [input.screenings![0]!.id],
      goals: ['Eat fresh food every week'],
      interests: false,
      barriers: ['cost'],
      programIds: ['svc-good-food-box'],
    };
    const b = build(ReferralRequest.parse(input));
    const text = json(b);
    const [patient] = ofType(b, 'Patient');
    expect(patient!.birthDate).toBeUndefined();
    expect(patient!.telecom).toBeUndefined();
    expect(patient!.communication).toBeUndefined();
    expect(patient!.gender).toBeUndefined();
    expect(text).not.toContain('9876543225');
    expect(text).not.toContain('1950-01-01');
    expect(text).not.toContain('555-0100');
    expect(text).not.toContain('4242'); // EMR record numbers never leave the clinic
    expect(text).not.toContain('Join a walking group');
    expect(text).not.toContain('Test Walking Club');
    expect(text).not.toContain('transport');
    expect(text).not.toContain('gardening');
    expect(text).not.toContain('Loves to cook');
    // Housing answers and condition go with the housing need; UCLA-3 with its screening.
    expect(text).not.toContain('71802-3');
    expect(text).not.toContain('housing-instability');
    expect(text).not.toContain('106421-1');
    expect(text).not.toContain('ucla3-1');
    expect(ofType(b, 'Condition')).toHaveLength(1);
    expect(ofType(b, 'Goal')).toHaveLength(1);
    // The Patient is this referral's own (no health number to match on).
    const pe = (b.entry ?? []).find((e) => e.resource?.resourceType === 'Patient')!;
    expect(pe.request?.ifNoneExist).toBe(`identifier=urn:social-rx:referral-part|${REFERRAL_ID}/patient`);
    expect(check(b)).toEqual({ valid: true, issues: [] });
  });

  it('keeps food answers but removes the negative transport answer when transport is not a shared need', () => {
    const b = build();
    const codes = ofType(b, 'Observation').map((o) => o.code.coding?.[0]?.code);
    expect(codes).toEqual(expect.arrayContaining(['71802-3', '88122-7', '88123-5', '106421-1']));
    expect(codes).not.toContain('93030-5');
    const [qr] = ofType(b, 'QuestionnaireResponse').filter((q) => q.questionnaire?.includes('ahc'));
    expect(qr!.item?.map((i) => i.linkId)).toEqual(['/71802-3', '/88122-7', '/88123-5']);
  });

  it('matches the patient by health number when shared', () => {
    const b = build();
    const pe = (b.entry ?? []).find((e) => e.resource?.resourceType === 'Patient')!;
    expect(pe.request?.ifNoneExist).toBe(
      'identifier=https://fhir.infoway-inforoute.ca/NamingSystem/ca-on-patient-hcn|9876543225',
    );
  });

  it('marks "do not contact" when the patient prefers no contact', () => {
    const b = build(aRequest({ contact: { preference: 'none', phone: '', email: '' } }));
    const [sr] = ofType(b, 'ServiceRequest');
    expect(sr!.orderDetail?.[0]?.coding?.[0]?.code).toBe('contacting-subject-prohibited');
    expect(ofType(b, 'Patient')[0]!.telecom).toBeUndefined();
  });

  it('sends without screening for the quick path (needs only, navigator chooses)', () => {
    const input = requestInput({ screenings: [], programs: [], letNavigatorChoose: true });
    input.consent.share = { ...input.consent.share, screeningIds: [], programIds: [] };
    const b = buildReferralBundle(ReferralRequest.parse(input), [], { uuid: seqUuid() });
    expect(ofType(b, 'Observation')).toHaveLength(0);
    expect(ofType(b, 'ServiceRequest')[0]!.note?.some((n) => n.text.includes('navigator may choose'))).toBe(
      true,
    );
    expect(check(b)).toEqual({ valid: true, issues: [] });
  });

  it('ignores screenings that were not consented even if their resources are passed in', () => {
    const input = requestInput();
    input.consent.share = { ...input.consent.share, screeningIds: [UCLA_ID] };
    const b = build(ReferralRequest.parse(input));
    expect(json(b)).not.toContain('88122-7');
    expect(json(b)).toContain('106421-1');
  });
});

describe('meta.profile claims', () => {
  it('claims configured profiles per resource type and reports what it cannot attribute', () => {
    const claims = profileClaims([
      'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ServiceRequest',
      'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-TaskForReferralManagement',
      'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-practitionerrole',
      'Observation=http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ObservationScreeningResponse',
      'not a url',
    ]);
    expect(Object.keys(claims.byType).sort()).toEqual([
      'Observation',
      'PractitionerRole',
      'ServiceRequest',
      'Task',
    ]);
    expect(claims.unassigned).toEqual(['not a url']);
    const b = build(
      aRequest({
        settings: {
          ...requestInput().settings,
          profiles: ['Task=https://example.org/StructureDefinition/my-task'],
        },
      }),
    );
    expect(ofType(b, 'Task')[0]!.meta?.profile).toEqual(['https://example.org/StructureDefinition/my-task']);
    expect(ofType(b, 'ServiceRequest')[0]!.meta).toBeUndefined();
    expect(ofType(b, 'Observation')[0]!.meta).toBeUndefined(); // screening's own claims are replaced by the navigator's
  });
});

describe('checkReferralBundle: planted errors fail', () => {
  const mutate = (f: (b: Bundle) => void) => {
    const b = structuredClone(build());
    f(b);
    return check(b);
  };
  const find = (b: Bundle, t: string) => (b.entry ?? []).find((e) => e.resource?.resourceType === t)!;

  it.each([
    [
      'missing ifNoneExist',
      (b: Bundle) => delete find(b, 'Task').request!.ifNoneExist,
      'ifNoneExist missing',
    ],
    [
      'ifNoneExist on an identifier the resource does not carry',
      (b: Bundle) => (find(b, 'Goal').request!.ifNoneExist = 'identifier=urn:x|y'),
      'does not match',
    ],
    ['relative fullUrl', (b: Bundle) => (find(b, 'Consent').fullUrl = 'Consent/1'), 'urn:uuid'],
    [
      'dangling reference',
      (b: Bundle) =>
        ((find(b, 'Task').resource as { focus: { reference: string } }).focus.reference =
          'urn:uuid:00000000-0000-4000-8000-999999999999'),
      'does not resolve',
    ],
    ['PUT instead of POST', (b: Bundle) => (find(b, 'Patient').request!.method = 'PUT'), 'POST'],
    [
      'Task sent as received',
      (b: Bundle) => ((find(b, 'Task').resource as { status: string }).status = 'received'),
      'requested',
    ],
    [
      'no Task',
      (b: Bundle) => (b.entry = b.entry!.filter((e) => e.resource?.resourceType !== 'Task')),
      'one Task',
    ],
    [
      'unknown element (base R4)',
      (b: Bundle) =>
        ((find(b, 'Patient').resource as unknown as Record<string, unknown>).favouriteColour = 'blue'),
      'fhir:',
    ],
    [
      'wrong datatype (base R4)',
      (b: Bundle) =>
        ((find(b, 'ServiceRequest').resource as unknown as Record<string, unknown>).authoredOn = 42),
      'fhir:',
    ],
    [
      'a safety answer slipped in',
      (b: Bundle) =>
        b.entry!.push({
          fullUrl: 'urn:uuid:00000000-0000-4000-8000-777777777777',
          resource: {
            resourceType: 'Observation',
            status: 'final',
            identifier: [{ system: 'urn:x', value: 'y' }],
            code: { coding: [{ system: 'http://loinc.org', code: '95618-5' }] },
          },
          request: { method: 'POST', url: 'Observation', ifNoneExist: 'identifier=urn:x|y' },
        }),
      'safety',
    ],
  ])('%s', (_name, plant, expected) => {
    const result = mutate(plant as (b: Bundle) => void);
    expect(result.valid).toBe(false);
    expect(result.issues.join('\n')).toContain(expected);
    // The click runs the referral rules alone (no validator); base R4 errors are left to the drain's full check.
    const b = structuredClone(build());
    (plant as (b: Bundle) => void)(b);
    const rulesOnly = checkReferralBundle(b, { referralId: REFERRAL_ID, allowSafety: false }, null);
    expect(rulesOnly.valid).toBe(expected === 'fhir:');
  });
});

describe('ReferralRequest', () => {
  it('refuses a request without express consent', () => {
    const input = requestInput();
    (input.consent as { expressConsent: unknown }).expressConsent = false;
    const r = ReferralRequest.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toContain('consent: the patient must give express consent');
  });

  it('refuses a request with neither a program nor "let the navigator choose"', () => {
    const input = requestInput({ programs: [], letNavigatorChoose: false });
    input.consent.share = { ...input.consent.share, programIds: [] };
    const r = ReferralRequest.safeParse(input);
    expect(r.error!.issues.map((i) => i.message)).toEqual([
      'programs: choose a program or let the navigator choose',
    ]);
  });

  it('refuses sharing something that is not in the referral, or only a safety need', () => {
    const input = requestInput();
    input.consent.share = { ...input.consent.share, needs: ['interpersonal-safety'], programIds: ['nope'] };
    const r = ReferralRequest.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual(
      expect.arrayContaining(['share: unknown program', 'share: at least one need must be shared']),
    );
  });

  it('needs a phone number when the patient wants a call and contact is shared', () => {
    const r = ReferralRequest.safeParse(
      requestInput({ contact: { preference: 'phone', phone: '', email: '' } }),
    );
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['contact', 'phone']);
  });
});

describe('with the real screening module (lib/screening/fhir.ts)', () => {
  it('builds a valid bundle from completed screenings, without the safety answers, with health concerns for shared needs', () => {
    const req = aRequest();
    const groups = screeningResourcesFor(req.screenings, req);
    const b = buildReferralBundle(req, groups, { uuid: seqUuid() });
    expect(check(b)).toEqual({ valid: true, issues: [] });
    const text = json(b);
    for (const code of ['95618-5', '95617-7', '95616-9', '95615-1', '95614-4'])
      expect(text).not.toContain(code);
    expect(text).toContain('88122-7');
    const conditions = ofType(b, 'Condition');
    expect(conditions.map((c) => c.category?.at(-1)?.coding?.[0]?.code).sort()).toEqual([
      'food-insecurity',
      'housing-instability',
      'social-connection',
    ]);
    expect(ofType(b, 'ServiceRequest')[0]!.reasonReference).toHaveLength(3);
  });
});
