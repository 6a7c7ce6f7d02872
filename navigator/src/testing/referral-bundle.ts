import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';

/**
 * A Gravity-SDOH-shaped referral transaction Bundle (fhir-sdoh.md §9, trimmed) for tests and benchmarks. Fictional
 * patient only. Every entry has ifNoneExist on a business identifier; per-referral identifiers derive from
 * `referralId`, shared ones (patient, clinic, practitioner, navigator) from the options.
 */
export const SID = {
  referral: 'https://socialrx.example.ca/fhir/sid/referral',
  referralTask: 'https://socialrx.example.ca/fhir/sid/referral-task',
  referralPart: 'https://socialrx.example.ca/fhir/sid/referral-part',
  organization: 'https://socialrx.example.ca/fhir/sid/organization',
  practitionerRole: 'https://socialrx.example.ca/fhir/sid/practitioner-role',
  hcn: 'https://fhir.infoway-inforoute.ca/NamingSystem/ca-on-patient-hcn',
  licence: 'https://fhir.infoway-inforoute.ca/NamingSystem/ca-on-license-physician',
} as const;
const SDOH = 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';

export interface ReferralOptions {
  referralId?: string;
  taskId?: string;
  healthNumber?: string;
  family?: string;
  given?: string;
  language?: 'en-CA' | 'fr-CA';
  needs?: { code: string; display: string }[];
  goal?: string;
  programs?: string[];
  barriers?: string[];
  priority?: 'routine' | 'urgent';
  doNotContact?: boolean;
}

function entry(fullUrl: string, resource: Resource, ifNoneExist: string): BundleEntry {
  return { fullUrl, resource, request: { method: 'POST', url: resource.resourceType, ifNoneExist } };
}

export function referralBundle(opts: ReferralOptions = {}): Bundle {
  const referralId = opts.referralId ?? randomUUID();
  const taskId = opts.taskId ?? randomUUID();
  const u = () => `urn:uuid:${randomUUID()}`;
  const [patient, clinic, practitioner, role, navigator, qr, obs, condition, goal, consent, sr, task] =
    Array.from({ length: 12 }, u) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
  const hcn = opts.healthNumber ?? '9999999999';
  const needs = opts.needs ?? [{ code: 'food-insecurity', display: 'Food Insecurity' }];
  const part = (name: string) => ({ system: SID.referralPart, value: `${referralId}/${name}` });
  const partQuery = (name: string) => `identifier=${SID.referralPart}|${referralId}/${name}`;
  const at = '2025-03-12T14:20:00-04:00';
  // Same shapes as lib/referral/bundle.ts: barriers and "do not contact" travel as ServiceRequest.orderDetail.
  const orderDetail = [
    ...(opts.doNotContact ? [{ coding: [{ system: SDOH, code: 'contacting-subject-prohibited' }] }] : []),
    ...(opts.barriers ?? []).map((b) => ({
      coding: [{ system: 'urn:social-rx:barrier', code: b }],
      text: `Barrier: ${b}`,
    })),
  ];

  return {
    resourceType: 'Bundle',
    type: 'transaction',
    timestamp: at,
    entry: [
      entry(
        patient,
        {
          resourceType: 'Patient',
          identifier: [{ system: SID.hcn, value: hcn }],
          name: [{ family: opts.family ?? 'TESTPATIENT', given: [opts.given ?? 'ALEX'] }],
          gender: 'unknown',
          birthDate: '1948-05-02',
          telecom: [{ system: 'phone', value: '+1-705-555-0100', use: 'mobile', rank: 1 }],
          communication: [
            {
              language: { coding: [{ system: 'urn:ietf:bcp:47', code: opts.language ?? 'fr-CA' }] },
              preferred: true,
            },
          ],
        },
        `identifier=${SID.hcn}|${hcn}`,
      ),
      entry(
        clinic,
        {
          resourceType: 'Organization',
          identifier: [{ system: SID.organization, value: 'example-fht' }],
          active: true,
          name: 'Example Family Health Team',
        },
        `identifier=${SID.organization}|example-fht`,
      ),
      entry(
        practitioner,
        {
          resourceType: 'Practitioner',
          identifier: [{ system: SID.licence, value: '00000' }],
          name: [{ family: 'TESTDOCTOR', given: ['SAM'] }],
        },
        `identifier=${SID.licence}|00000`,
      ),
      entry(
        role,
        {
          resourceType: 'PractitionerRole',
          identifier: [{ system: SID.practitionerRole, value: 'example-fht-00000' }],
          active: true,
          practitioner: { reference: practitioner },
          organization: { reference: clinic },
        },
        `identifier=${SID.practitionerRole}|example-fht-00000`,
      ),
      entry(
        navigator,
        {
          resourceType: 'Organization',
          identifier: [{ system: SID.organization, value: 'example-sp-navigation' }],
          active: true,
          name: 'Example Social Prescribing Navigation Service',
        },
        `identifier=${SID.organization}|example-sp-navigation`,
      ),
      entry(
        qr,
        {
          resourceType: 'QuestionnaireResponse',
          identifier: part('questionnaireresponse-1'),
          questionnaire: 'https://socialrx.example.ca/fhir/Questionnaire/ahc-hrsn-core|1.0.0',
          status: 'completed',
          subject: { reference: patient },
          authored: at,
          item: [
            {
              linkId: '/88122-7',
              text: 'Within the past 12 months, you worried that your food would run out before you got money to buy more.',
              answer: [
                { valueCoding: { system: 'http://loinc.org', code: 'LA28397-0', display: 'Often true' } },
              ],
            },
          ],
        },
        partQuery('questionnaireresponse-1'),
      ),
      entry(
        obs,
        {
          resourceType: 'Observation',
          identifier: [part('observation-1')],
          status: 'final',
          category: [
            {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' },
              ],
            },
            { coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category', code: 'sdoh' }] },
          ],
          code: {
            coding: [{ system: 'http://loinc.org', code: '88124-3', display: 'Food insecurity risk [HVS]' }],
          },
          subject: { reference: patient },
          effectiveDateTime: at,
          valueCodeableConcept: {
            coding: [{ system: 'http://loinc.org', code: 'LA19952-3', display: 'At risk' }],
          },
          derivedFrom: [{ reference: qr }],
        },
        partQuery('observation-1'),
      ),
      entry(
        condition,
        {
          resourceType: 'Condition',
          identifier: [part('condition-1')],
          clinicalStatus: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
          },
          verificationStatus: {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' },
            ],
          },
          category: needs.map((n) => ({ coding: [{ system: SDOH, code: n.code, display: n.display }] })),
          code: {
            coding: [{ system: 'http://snomed.info/sct', code: '733423003', display: 'Food insecurity' }],
            text: needs.map((n) => n.display).join(', '),
          },
          subject: { reference: patient },
          evidence: [{ detail: [{ reference: obs }] }],
        },
        partQuery('condition-1'),
      ),
      entry(
        goal,
        {
          resourceType: 'Goal',
          identifier: [part('goal-1')],
          lifecycleStatus: 'active',
          description: { text: opts.goal ?? 'What matters to me: cook healthy meals with my grandchildren' },
          subject: { reference: patient },
          addresses: [{ reference: condition }],
        },
        partQuery('goal-1'),
      ),
      entry(
        consent,
        {
          resourceType: 'Consent',
          identifier: [part('consent-1')],
          status: 'active',
          scope: {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' },
            ],
          },
          category: [
            { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IDSCL' }] },
          ],
          patient: { reference: patient },
          dateTime: at,
          organization: [{ reference: clinic }],
          sourceAttachment: { contentType: 'text/plain', title: 'Record of verbal express consent' },
          policy: [{ uri: 'https://www.ontario.ca/laws/statute/04p03' }],
          provision: {
            type: 'permit',
            period: { start: '2025-03-12', end: '2026-03-12' },
            actor: [
              {
                role: {
                  coding: [
                    { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' },
                  ],
                },
                reference: { reference: navigator },
              },
            ],
            action: [
              {
                coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'disclose' }],
              },
            ],
          },
        },
        partQuery('consent-1'),
      ),
      entry(
        sr,
        {
          resourceType: 'ServiceRequest',
          identifier: [{ system: SID.referral, value: referralId }],
          extension: [
            {
              url: 'http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal',
              valueReference: { reference: goal },
            },
          ],
          status: 'active',
          intent: 'order',
          category: needs.map((n) => ({ coding: [{ system: SDOH, code: n.code, display: n.display }] })),
          priority: opts.priority ?? 'routine',
          code: {
            coding: [
              { system: 'http://snomed.info/sct', code: '410606002', display: 'Social service procedure' },
            ],
            text: 'Social prescription',
          },
          subject: { reference: patient },
          authoredOn: at,
          requester: { reference: role },
          performer: [
            { reference: navigator },
            ...(opts.programs ?? []).map((p, i) => ({
              type: 'HealthcareService' as const,
              identifier: { system: 'urn:social-rx:hsds-service', value: `program-${i + 1}` },
              display: p,
            })),
          ],
          reasonReference: [{ reference: condition }, { reference: obs }],
          supportingInfo: [{ reference: consent }],
          ...(orderDetail.length ? { orderDetail } : {}),
          note: [{ text: 'Contact preference: phone' }],
        },
        `identifier=${SID.referral}|${referralId}`,
      ),
      entry(
        task,
        {
          resourceType: 'Task',
          identifier: [{ system: SID.referralTask, value: taskId }],
          status: 'requested',
          intent: 'order',
          priority: opts.priority ?? 'routine',
          code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
          focus: { reference: sr },
          for: { reference: patient },
          authoredOn: at,
          lastModified: at,
          requester: { reference: role },
          owner: { reference: navigator },
        },
        `identifier=${SID.referralTask}|${taskId}`,
      ),
    ],
  };
}
