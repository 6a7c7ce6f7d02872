import type { Resource } from '@medplum/fhirtypes';
import type { PatientContext } from '@/lib/patient/context';
import { ReferralRequest, type ReferralRequestInput } from '@/lib/referral/request';
import type { ScreeningResourceGroup } from '@/lib/referral/bundle';
import type { CompletedScreening } from '@/lib/visit/schema';

/** Fictional, obviously fake people and places only. */
export const TEST_PATIENT: PatientContext = {
  displayName: 'TESTPATIENT, ALEX',
  family: 'TESTPATIENT',
  given: 'ALEX',
  birthDate: '1950-01-01',
  sex: 'female',
  identifiers: [
    {
      kind: 'on-hcn',
      system: 'https://fhir.infoway-inforoute.ca/NamingSystem/ca-on-patient-hcn',
      value: '9876543225',
      valid: true,
      version: 'AB',
    },
    { kind: 'emr-record', system: 'urn:social-rx:emr-record/oscar', value: '4242', valid: true },
  ],
  source: 'oscar',
};

export const AHC_ID = '11111111-1111-4111-8111-111111111111';
export const UCLA_ID = '22222222-2222-4222-8222-222222222222';
export const REFERRAL_ID = '5d1c2f7e-6a0b-4c4e-9f11-2b7a9c3e8d01';

export const AHC_SCREENING: CompletedScreening = {
  id: AHC_ID,
  instrumentId: 'ahc-hrsn-core',
  answers: {
    '71802-3': 'LA31994-9',
    '88122-7': 'LA28397-0',
    '88123-5': 'LA6729-3',
    '93030-5': 'LA32-8',
    '95618-5': 'LA10066-1',
    '95617-7': 'LA6270-8',
    '95616-9': 'LA6270-8',
    '95615-1': 'LA6270-8',
  },
  result: {
    complete: true,
    positiveDomains: ['food-insecurity', 'housing-instability'],
    totals: { '95614-4': 5 },
    safetyConcern: true,
  },
  completedAt: '2025-03-12T18:10:00.000Z',
  language: 'en',
};

export const UCLA_SCREENING: CompletedScreening = {
  id: UCLA_ID,
  instrumentId: 'ucla-3',
  answers: { 'ucla3-1': 3, 'ucla3-2': 2, 'ucla3-3': 2 },
  result: {
    complete: true,
    positiveDomains: ['social-connection'],
    totals: { 'ucla-3': 7 },
    safetyConcern: false,
  },
  completedAt: '2025-03-12T18:12:00.000Z',
  language: 'en',
};

const SDOHCC = 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';
const cat = (code: string) => ({ coding: [{ system: SDOHCC, code }] });
const survey = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }],
};
const sdoh = {
  coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category', code: 'sdoh' }],
};
const pos = [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'POS' }] },
];
const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });

function obs(
  id: string,
  code: string,
  domain: string | null,
  value: string | number,
  positive: boolean,
): Resource {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [survey, sdoh, ...(domain ? [cat(domain)] : [])],
    code: loinc(code),
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2025-03-12T18:10:00.000Z',
    ...(typeof value === 'number' ? { valueInteger: value } : { valueCodeableConcept: loinc(value) }),
    ...(positive ? { interpretation: pos } : {}),
    derivedFrom: [{ reference: 'QuestionnaireResponse/qr-ahc' }],
  } as Resource;
}

/** Resources shaped like lib/screening/fhir.ts output (ids + relative references), including the safety items. */
export function screeningGroups(): ScreeningResourceGroup[] {
  const ahcQr: Resource = {
    resourceType: 'QuestionnaireResponse',
    id: 'qr-ahc',
    questionnaire: 'urn:social-rx:questionnaire:ahc-hrsn-core',
    status: 'completed',
    subject: { reference: 'Patient/p1' },
    authored: '2025-03-12T18:10:00.000Z',
    item: [
      { linkId: '/71802-3', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA31994-9' } }] },
      { linkId: '/88122-7', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA28397-0' } }] },
      { linkId: '/88123-5', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6729-3' } }] },
      { linkId: '/93030-5', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA32-8' } }] },
      { linkId: '/95618-5', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA10066-1' } }] },
      { linkId: '/95617-7', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6270-8' } }] },
      { linkId: '/95616-9', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6270-8' } }] },
      { linkId: '/95615-1', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6270-8' } }] },
    ],
  } as Resource;
  const foodCondition: Resource = {
    resourceType: 'Condition',
    id: 'cond-food',
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'unconfirmed' }],
    },
    category: [
      {
        coding: [
          { system: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category', code: 'health-concern' },
        ],
      },
      sdoh,
      cat('food-insecurity'),
    ],
    code: { coding: [{ system: 'http://snomed.info/sct', code: '733423003', display: 'Food insecurity' }] },
    subject: { reference: 'Patient/p1' },
    evidence: [{ detail: [{ reference: 'Observation/o-food1' }, { reference: 'Observation/o-food2' }] }],
  } as Resource;
  const housingCondition: Resource = {
    ...(foodCondition as object),
    id: 'cond-housing',
    category: [
      {
        coding: [
          { system: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category', code: 'health-concern' },
        ],
      },
      sdoh,
      cat('housing-instability'),
    ],
    code: {
      coding: [{ system: 'http://snomed.info/sct', code: '1156191002', display: 'Housing instability' }],
    },
    evidence: [{ detail: [{ reference: 'Observation/o-housing' }] }],
  } as Resource;
  return [
    {
      screeningId: AHC_ID,
      resources: [
        ahcQr,
        obs('o-housing', '71802-3', 'housing-instability', 'LA31994-9', true),
        obs('o-food1', '88122-7', 'food-insecurity', 'LA28397-0', true),
        obs('o-food2', '88123-5', 'food-insecurity', 'LA6729-3', true),
        obs('o-transport', '93030-5', 'transportation-insecurity', 'LA32-8', false),
        obs('o-hurt', '95618-5', 'sdoh-category-unspecified', 'LA10066-1', false),
        obs('o-insult', '95617-7', 'sdoh-category-unspecified', 'LA6270-8', false),
        obs('o-threat', '95616-9', 'sdoh-category-unspecified', 'LA6270-8', false),
        obs('o-scream', '95615-1', 'sdoh-category-unspecified', 'LA6270-8', false),
        {
          ...(obs('o-safety-total', '95614-4', 'sdoh-category-unspecified', 5, false) as object),
          derivedFrom: [
            { reference: 'Observation/o-hurt' },
            { reference: 'Observation/o-insult' },
            { reference: 'Observation/o-threat' },
            { reference: 'Observation/o-scream' },
          ],
        } as Resource,
        foodCondition,
        housingCondition,
      ],
    },
    {
      screeningId: UCLA_ID,
      resources: [
        {
          resourceType: 'QuestionnaireResponse',
          id: 'qr-ucla',
          questionnaire: 'urn:social-rx:questionnaire:ucla-3',
          status: 'completed',
          subject: { reference: 'Patient/p1' },
          item: [
            { linkId: 'ucla3-1', answer: [{ valueInteger: 3 }] },
            { linkId: 'ucla3-2', answer: [{ valueInteger: 2 }] },
            { linkId: 'ucla3-3', answer: [{ valueInteger: 2 }] },
          ],
        } as Resource,
        {
          ...(obs('o-ucla', '106421-1', 'social-connection', 7, true) as object),
          derivedFrom: [{ reference: 'QuestionnaireResponse/qr-ucla' }],
        } as Resource,
      ],
    },
  ];
}

export function requestInput(over: Partial<ReferralRequestInput> = {}): ReferralRequestInput {
  return {
    referralId: REFERRAL_ID,
    authoredAt: '2025-03-12T18:20:00.000Z',
    language: 'en',
    patient: TEST_PATIENT,
    contact: { preference: 'phone', phone: '+1-555-555-0100', email: '' },
    preferredLanguage: 'fr',
    priority: 'routine',
    needs: ['food-insecurity', 'housing-instability', 'social-connection', 'interpersonal-safety'],
    screenings: [AHC_SCREENING, UCLA_SCREENING],
    whatMatters: {
      goals: ['Join a walking group', 'Eat fresh food every week'],
      interests: ['walking', 'gardening'],
      interestsText: '',
      strengths: 'Loves to cook',
      barriers: ['cost', 'transport'],
    },
    programs: [
      { id: 'svc-good-food-box', name: 'Test Good Food Box' },
      { id: 'svc-walk', name: 'Test Walking Club' },
    ],
    letNavigatorChoose: false,
    consent: {
      askedBy: 'Dr. TESTDOCTOR, SAM',
      askedAt: '2025-03-12T18:19:00.000Z',
      method: 'verbal',
      expressConsent: true,
      share: {
        birthDate: true,
        healthNumber: true,
        sex: false,
        contact: true,
        language: true,
        needs: ['food-insecurity', 'housing-instability', 'social-connection'],
        screeningIds: [AHC_ID, UCLA_ID],
        goals: ['Join a walking group', 'Eat fresh food every week'],
        interests: true,
        strengths: false,
        barriers: ['cost', 'transport'],
        programIds: ['svc-good-food-box', 'svc-walk'],
        safety: false,
      },
    },
    settings: {
      navigatorFhirBaseUrl: 'http://127.0.0.1:8787/fhir',
      navigatorName: 'Test Navigation Service',
      clinicName: 'Test Family Health Team',
      clinicIdentifier: 'test-fht',
      practitionerName: 'Dr. TESTDOCTOR, SAM',
      practitionerIdentifier: '00000',
      profiles: [],
      userIdentity: 'user-a',
    },
    ...over,
  };
}

export function aRequest(over: Partial<ReferralRequestInput> = {}): ReferralRequest {
  return ReferralRequest.parse(requestInput(over));
}

/** A deterministic uuid source for urn:uuid fullUrls. */
export function seqUuid(prefix = '00000000-0000-4000-8000-'): () => string {
  let n = 0;
  return () => `${prefix}${String(++n).padStart(12, '0')}`;
}
