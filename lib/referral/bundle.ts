import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  Consent,
  ContactPoint,
  Goal,
  Identifier,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  Reference,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import type { PatientIdentifier } from '@/lib/patient/context';
import {
  BC_PIPA_URI,
  CONTACT_PROHIBITED,
  needCategory,
  PHIPA_URI,
  SERVICE_REQUEST_CODE,
  SYSTEMS,
} from './codes';
import { profileClaims, type ClaimableType, type ProfileClaims } from './profiles';
import { isSafetyNeed, type ReferralRequest } from './request';
import { prepareScreeningResources, type ScreeningResourceGroup } from './screening-filter';

export type { ScreeningResourceGroup } from './screening-filter';

export interface BuildOptions {
  /** Fresh UUIDs for urn:uuid fullUrls (injected so tests are deterministic). */
  uuid?: () => string;
}

const HEALTH_NUMBER_KINDS: ReadonlySet<PatientIdentifier['kind']> = new Set(['on-hcn', 'bc-phn']);

/**
 * `ifNoneExist` is a query string: escape only what would break it (`&`, `=`, `#`, `%`, `+`, spaces and non-ASCII) so
 * the usual URN/UUID values stay readable, and any standard query parser gets back the exact system and value.
 */
function q(s: string): string {
  return s.replace(/[%&=#+\s]|[^\x20-\x7e]/g, (c) => encodeURIComponent(c));
}
export function identifierQuery(id: Identifier): string {
  return `identifier=${q(id.system ?? '')}|${q(id.value ?? '')}`;
}

function entry(fullUrl: string, resource: Resource, businessId: Identifier): BundleEntry {
  return {
    fullUrl,
    resource,
    request: { method: 'POST', url: resource.resourceType, ifNoneExist: identifierQuery(businessId) },
  };
}

function withProfiles<T extends Resource>(r: T, claims: ProfileClaims): T {
  const profiles = claims.byType[r.resourceType as ClaimableType];
  return profiles?.length ? { ...r, meta: { profile: [...profiles] } } : r;
}

/** UTF-8 safe base64 (Attachment.data). */
function base64(text: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
}

const dateOnly = (iso: string) => iso.slice(0, 10);
function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y + years, m - 1, d));
  return next.toISOString().slice(0, 10);
}

/** Facts about what was consented, written into the Consent's source attachment (the record of the conversation). */
function consentText(req: ReferralRequest): string {
  const s = req.consent.share;
  const shared = [
    'name',
    s.birthDate && 'birth date',
    s.healthNumber && 'health number',
    s.sex && 'sex',
    s.contact && `contact (${req.contact.preference})`,
    s.language && 'preferred language',
    s.needs.length && `needs: ${s.needs.join(', ')}`,
    s.screeningIds.length && `${s.screeningIds.length} screening result(s)`,
    s.goals.length && `${s.goals.length} goal(s)`,
    s.interests && 'interests',
    s.strengths && 'strengths',
    s.barriers.length && `barriers: ${s.barriers.join(', ')}`,
    s.programIds.length && `${s.programIds.length} chosen program(s)`,
    s.safety && 'safety answers (explicitly added)',
  ].filter(Boolean);
  const navigator = req.settings.navigatorName || req.settings.navigatorFhirBaseUrl;
  return (
    `${req.consent.method === 'verbal' ? 'Verbal' : 'Written'} express consent given ${req.consent.askedAt} ` +
    `to disclose to ${navigator} for social prescribing navigation: ${shared.join('; ')}. ` +
    `Asked by ${req.consent.askedBy}. The patient was told they may withdraw consent at any time.`
  );
}

/**
 * Builds the referral as a FHIR R4 transaction Bundle shaped by the Gravity SDOHCC IG (fhir-sdoh.md §2, §6.1, §9).
 * Every entry is a POST with `ifNoneExist` on a business identifier so a retried bundle creates nothing twice, even on a
 * server that ignores Idempotency-Key. Only consented content is included (see prepareScreeningResources for screening).
 */
export function buildReferralBundle(
  req: ReferralRequest,
  screeningResources: readonly ScreeningResourceGroup[] = [],
  opts: BuildOptions = {},
): Bundle {
  const uuid = opts.uuid ?? (() => crypto.randomUUID());
  const url = () => `urn:uuid:${uuid()}`;
  const rid = req.referralId;
  const part = (name: string): Identifier => ({ system: SYSTEMS.referralPart, value: `${rid}/${name}` });
  const share = req.consent.share;
  const claims = profileClaims(req.settings.profiles);
  const cfg = req.settings;
  const entries: BundleEntry[] = [];
  const push = (fullUrl: string, r: Resource, id: Identifier) =>
    entries.push(entry(fullUrl, withProfiles(r, claims), id));

  // Patient: name always (the navigator must know who), the rest only as consented.
  const patientUrl = url();
  const p = req.patient;
  const healthNumbers = share.healthNumber
    ? p.identifiers.filter((i) => HEALTH_NUMBER_KINDS.has(i.kind) && i.valid)
    : [];
  const hcnIds: Identifier[] = healthNumbers.map((i) => ({
    use: 'official',
    type: {
      coding: [{ system: SYSTEMS.v2_0203, code: 'JHN', display: 'Jurisdictional health number (Canada)' }],
    },
    system: i.system,
    value: i.value,
  }));
  const patientPart = part('patient');
  const telecom: ContactPoint[] = [];
  if (
    share.contact &&
    req.contact.phone &&
    (req.contact.preference === 'phone' || req.contact.preference === 'text')
  )
    telecom.push({
      system: req.contact.preference === 'text' ? 'sms' : 'phone',
      value: req.contact.phone,
      rank: 1,
    });
  if (share.contact && req.contact.email && req.contact.preference === 'email')
    telecom.push({ system: 'email', value: req.contact.email, rank: 1 });
  const patient: Patient = {
    resourceType: 'Patient',
    identifier: [...hcnIds, patientPart],
    name: [
      {
        text: p.displayName,
        ...(p.family ? { family: p.family } : {}),
        ...(p.given ? { given: [p.given] } : {}),
      },
    ],
    ...(share.birthDate && p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(share.sex && p.sex ? { gender: p.sex } : {}),
    ...(telecom.length ? { telecom } : {}),
    ...(share.language && req.preferredLanguage
      ? {
          communication: [
            {
              language: { coding: [{ system: SYSTEMS.bcp47, code: req.preferredLanguage }] },
              preferred: true,
            },
          ],
        }
      : {}),
  };
  // A health number identifies the person anywhere; without one, the Patient is this referral's own.
  push(patientUrl, patient, hcnIds[0] ?? patientPart);

  // Clinic, practitioner and role, from options (the clinic's own identifiers, else per referral).
  const clinicUrl = url();
  const clinicId: Identifier = cfg.clinicIdentifier
    ? { system: SYSTEMS.clinic, value: cfg.clinicIdentifier }
    : part('clinic');
  push(
    clinicUrl,
    {
      resourceType: 'Organization',
      identifier: [clinicId],
      active: true,
      ...(cfg.clinicName ? { name: cfg.clinicName } : {}),
    } satisfies Organization,
    clinicId,
  );
  let requester: Reference<Organization | PractitionerRole> = {
    reference: clinicUrl,
    ...(cfg.clinicName ? { display: cfg.clinicName } : {}),
  };
  let practitionerUrl: string | null = null;
  if (cfg.practitionerName || cfg.practitionerIdentifier) {
    practitionerUrl = url();
    const practId: Identifier = cfg.practitionerIdentifier
      ? { system: SYSTEMS.practitioner, value: cfg.practitionerIdentifier }
      : part('practitioner');
    push(
      practitionerUrl,
      {
        resourceType: 'Practitioner',
        identifier: [practId],
        ...(cfg.practitionerName ? { name: [{ text: cfg.practitionerName }] } : {}),
      } satisfies Practitioner,
      practId,
    );
    const roleUrl = url();
    const roleId: Identifier =
      cfg.practitionerIdentifier && cfg.clinicIdentifier
        ? { system: SYSTEMS.practitionerRole, value: `${cfg.clinicIdentifier}/${cfg.practitionerIdentifier}` }
        : part('practitioner-role');
    push(
      roleUrl,
      {
        resourceType: 'PractitionerRole',
        identifier: [roleId],
        active: true,
        practitioner: {
          reference: practitionerUrl,
          ...(cfg.practitionerName ? { display: cfg.practitionerName } : {}),
        },
        organization: { reference: clinicUrl, ...(cfg.clinicName ? { display: cfg.clinicName } : {}) },
      } satisfies PractitionerRole,
      roleId,
    );
    const display = [cfg.practitionerName, cfg.clinicName].filter(Boolean).join(', ');
    requester = { reference: roleUrl, ...(display ? { display } : {}) };
  }

  // The navigator: identified by its endpoint, the one thing every configuration has.
  const navigatorUrl = url();
  const navigatorId: Identifier = {
    system: SYSTEMS.navigator,
    value: cfg.navigatorFhirBaseUrl.replace(/\/+$/, ''),
  };
  const navigatorRef: Reference<Organization> = {
    reference: navigatorUrl,
    ...(cfg.navigatorName ? { display: cfg.navigatorName } : {}),
  };
  push(
    navigatorUrl,
    {
      resourceType: 'Organization',
      identifier: [navigatorId],
      active: true,
      ...(cfg.navigatorName ? { name: cfg.navigatorName } : {}),
    } satisfies Organization,
    navigatorId,
  );

  // Consent (SDOHCC-Consent): express, to this navigator, for one year; who asked and how is in the source record.
  const consentUrl = url();
  const consentId = part('consent');
  const start = dateOnly(req.consent.askedAt);
  const ontario = !p.identifiers.some((i) => i.kind === 'bc-phn' && i.valid);
  const consent: Consent = {
    resourceType: 'Consent',
    identifier: [consentId],
    status: 'active',
    scope: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/consentscope',
          code: 'patient-privacy',
          display: 'Privacy Consent',
        },
      ],
    },
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
            code: 'IDSCL',
            display: 'information disclosure',
          },
        ],
      },
    ],
    patient: { reference: patientUrl },
    dateTime: req.consent.askedAt,
    performer: [{ reference: patientUrl }],
    organization: [{ reference: clinicUrl }],
    sourceAttachment: {
      contentType: 'text/plain',
      language: req.language === 'fr' ? 'fr-CA' : 'en-CA',
      title: `Record of ${req.consent.method} express consent`,
      data: base64(consentText(req)),
    },
    policy: [{ uri: ontario ? PHIPA_URI : BC_PIPA_URI }],
    provision: {
      type: 'permit',
      period: { start, end: addYears(start, 1) },
      actor: [
        {
          role: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                code: 'IRCP',
                display: 'information recipient',
              },
            ],
          },
          reference: { reference: navigatorUrl },
        },
      ],
      action: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/consentaction',
              code: 'disclose',
              display: 'Disclose',
            },
          ],
        },
      ],
    },
  };
  push(consentUrl, consent, consentId);

  // Screening content, filtered to what was consented.
  const screening = prepareScreeningResources(screeningResources, {
    share,
    referralId: rid,
    patientUrl,
    practitionerUrl,
    clinicUrl,
    newUrl: url,
  });
  for (const e of screening.entries) {
    const r = e.resource;
    const id = Array.isArray(r.identifier) ? r.identifier[0]! : (r.identifier as Identifier);
    push(e.fullUrl, r, id);
  }

  // Goals: "what matters to me", as the patient said it.
  const sharedNeeds = share.needs.filter((n) => share.safety || !isSafetyNeed(n));
  const goalUrls: string[] = [];
  share.goals.forEach((text, i) => {
    const goalUrl = url();
    const goalId = part(`goal-${i + 1}`);
    const goal: Goal = {
      resourceType: 'Goal',
      identifier: [goalId],
      lifecycleStatus: 'active',
      description: { text },
      subject: { reference: patientUrl },
      expressedBy: { reference: patientUrl },
      startDate: dateOnly(req.authoredAt),
      ...(screening.conditions.length
        ? { addresses: screening.conditions.map((c) => ({ reference: c })) }
        : {}),
    };
    push(goalUrl, goal, goalId);
    goalUrls.push(goalUrl);
  });

  // The referral itself.
  const srUrl = url();
  const srId: Identifier = { system: SYSTEMS.referral, value: rid };
  const chosen = req.programs.filter((pr) => share.programIds.includes(pr.id));
  const barriers = share.barriers;
  const notes: string[] = [];
  if (chosen.length) notes.push(`Chosen programs: ${chosen.map((c) => c.name).join('; ')}`);
  if (req.letNavigatorChoose) notes.push('The navigator may choose suitable programs with the patient.');
  if (barriers.length) notes.push(`Barriers: ${barriers.join(', ')}`);
  const interests = [...req.whatMatters.interests, req.whatMatters.interestsText].filter(Boolean);
  if (share.interests && interests.length) notes.push(`Interests: ${interests.join('; ')}`);
  if (share.strengths && req.whatMatters.strengths) notes.push(`Strengths: ${req.whatMatters.strengths}`);
  if (share.contact && req.contact.preference !== 'none')
    notes.push(`Contact preference: ${req.contact.preference}`);
  if (share.language && req.preferredLanguage) notes.push(`Preferred language: ${req.preferredLanguage}`);
  const noContact = req.doNotContact || req.contact.preference === 'none';
  if (noContact) notes.push('Do not contact the patient directly; contact the clinic.');
  const orderDetail: CodeableConcept[] = [
    ...(noContact ? [CONTACT_PROHIBITED] : []),
    ...barriers.map((b) => ({ coding: [{ system: SYSTEMS.barrier, code: b }], text: `Barrier: ${b}` })),
  ];
  const reasons = screening.conditions.length ? screening.conditions : screening.positives;
  const serviceRequest: ServiceRequest = {
    resourceType: 'ServiceRequest',
    identifier: [srId],
    ...(goalUrls.length
      ? {
          extension: goalUrls.map((g) => ({
            url: 'http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal',
            valueReference: { reference: g },
          })),
        }
      : {}),
    status: 'active',
    intent: 'order',
    category: sharedNeeds.map(needCategory),
    priority: req.priority,
    code: SERVICE_REQUEST_CODE,
    ...(orderDetail.length ? { orderDetail } : {}),
    subject: { reference: patientUrl },
    authoredOn: req.authoredAt,
    requester,
    performer: [
      navigatorRef,
      ...chosen.map((c) => ({
        type: 'HealthcareService' as const,
        identifier: { system: SYSTEMS.hsdsService, value: c.id },
        display: c.name,
      })),
    ],
    ...(reasons.length ? { reasonReference: reasons.map((r) => ({ reference: r })) } : {}),
    supportingInfo: [{ reference: consentUrl }],
    ...(notes.length ? { note: notes.map((text) => ({ text })) } : {}),
  };
  push(srUrl, serviceRequest, srId);

  const taskUrl = url();
  const taskId: Identifier = { system: SYSTEMS.referralTask, value: rid };
  const task: Task = {
    resourceType: 'Task',
    identifier: [taskId],
    status: 'requested',
    intent: 'order',
    priority: req.priority,
    code: { coding: [{ system: SYSTEMS.taskCode, code: 'fulfill', display: 'Fulfill the focal request' }] },
    focus: { reference: srUrl },
    for: { reference: patientUrl },
    authoredOn: req.authoredAt,
    lastModified: req.authoredAt,
    requester,
    owner: navigatorRef,
    ...(screening.questionnaireResponses.length
      ? {
          input: screening.questionnaireResponses.map((qr) => ({
            type: {
              coding: [{ system: SYSTEMS.sdohcc, code: 'additional-content', display: 'Additional Content' }],
            },
            valueReference: { reference: qr },
          })),
        }
      : {}),
  };
  push(taskUrl, task, taskId);

  return { resourceType: 'Bundle', type: 'transaction', timestamp: req.authoredAt, entry: entries };
}
