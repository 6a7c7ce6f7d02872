import type {
  CodeableConcept,
  Coding,
  Condition,
  Observation,
  QuestionnaireResponse,
  Patient,
  QuestionnaireResponseItem,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { CompletedScreening, SdohCategory } from '@/lib/visit/schema';
import { LOINC } from './instruments/common';
import { SAFETY_ANY_ABOVE_NEVER, SAFETY_NEVER } from './instruments/ahc-hrsn-core';
import { HVS_AT_RISK, HVS_NO_RISK, HVS_RISK } from './instruments/hunger-vital-sign';
import {
  AHC_SAFETY_POSITIVE,
  analyseAnswers,
  scoreScreening,
  type ItemAnalysis,
  type ScoringOptions,
} from './scoring';
import type { AnswerOption, CodeRef, DerivedScore, Instrument, Item } from './types';

/**
 * FHIR R4 for a completed screening, shaped per the Gravity SDOH Clinical Care IG (fhir-sdoh.md §2, §9):
 * QuestionnaireResponse → one Observation per answer (derivedFrom the QR, performer = patient) → derived Observations
 * (scores, HVS risk; derivedFrom the item Observations, no performer) → a panel Observation (hasMember) where the
 * instrument has a LOINC panel code. Conditions are built separately, only for needs the clinician confirmed.
 *
 * Every resource has a UUID `id` (so its bundle fullUrl is `urn:uuid:<id>`), references siblings as `urn:uuid:<id>`,
 * and carries a business identifier derived from the screening id, so a transaction can use `ifNoneExist`.
 */

export const SCREENING_IDENTIFIER_SYSTEM = 'urn:social-rx:screening';
export const QUESTIONNAIRE_BASE = 'urn:social-rx:questionnaire:';

const SYS = {
  obsCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  usCoreCategory: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category',
  sdohcc: 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  dataAbsent: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  conditionCategory: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVer: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
} as const;

const DOMAIN_DISPLAY: Record<SdohCategory, string> = {
  'food-insecurity': 'Food Insecurity',
  'housing-instability': 'Housing Instability',
  homelessness: 'Homelessness',
  'inadequate-housing': 'Inadequate Housing',
  'transportation-insecurity': 'Transportation Insecurity',
  'utility-insecurity': 'Utility Insecurity',
  'financial-insecurity': 'Financial Insecurity',
  'social-connection': 'Social Connection',
  'interpersonal-safety': 'Interpersonal safety',
  'employment-status': 'Employment Status',
  'educational-attainment': 'Educational Attainment',
  'health-insurance-coverage-status': 'Health Insurance Coverage Status',
  'digital-access': 'Digital Access',
  'material-hardship': 'Material Hardship',
  stress: 'Stress',
};

/**
 * The Gravity domain category. Interpersonal safety has no Gravity code: NYeC maps AHC items 7–10 to
 * `sdoh-category-unspecified` with text (IPV / elder abuse only when the clinician establishes it).
 */
export function domainCategory(domain: SdohCategory): CodeableConcept {
  if (domain === 'interpersonal-safety') {
    return {
      coding: [
        { system: SYS.sdohcc, code: 'sdoh-category-unspecified', display: 'SDOH Category Unspecified' },
      ],
      text: DOMAIN_DISPLAY[domain],
    };
  }
  return { coding: [{ system: SYS.sdohcc, code: domain, display: DOMAIN_DISPLAY[domain] }] };
}

/** survey + social-history (STU2.2) + sdoh (STU3): both IG versions are satisfied (fhir-sdoh.md §2.1). */
const SCREENING_CATEGORIES: CodeableConcept[] = [
  { coding: [{ system: SYS.obsCategory, code: 'survey', display: 'Survey' }] },
  { coding: [{ system: SYS.obsCategory, code: 'social-history', display: 'Social History' }] },
  { coding: [{ system: SYS.usCoreCategory, code: 'sdoh', display: 'SDOH' }] },
];
const POS: CodeableConcept[] = [
  { coding: [{ system: SYS.interpretation, code: 'POS', display: 'Positive' }] },
];
const DECLINED_CODING: Coding = {
  system: SYS.dataAbsent,
  code: 'asked-declined',
  display: 'Asked But Declined',
};
const ASKED_DECLINED: CodeableConcept = { coding: [DECLINED_CODING] };
const SCORE_UNIT = { unit: '{score}', system: SYS.ucum, code: '{score}' };

const coding = (c: CodeRef): Coding => ({ ...c });
const ref = <T extends Resource>(id: string): Reference<T> => ({ reference: `urn:uuid:${id}` });

export interface ScreeningFhirOptions {
  /** Who recorded the screening (e.g. `urn:uuid:…` of the PractitionerRole, or `PractitionerRole/123`). */
  authorRef?: string;
  /** The clinic's thresholds, as used when the screening was scored. */
  scoring?: ScoringOptions;
  /** UUID source (tests pass a deterministic one). */
  newId?: () => string;
}

interface Ctx {
  screening: CompletedScreening;
  patient: Reference<Patient>;
  newId: () => string;
  identifier: (part: string) => { system: string; value: string };
}

function observationBase(ctx: Ctx, domains: readonly SdohCategory[], code: CodeableConcept, part: string) {
  const id = ctx.newId();
  const obs: Observation = {
    resourceType: 'Observation',
    id,
    identifier: [ctx.identifier(part)],
    status: 'final',
    category: [...SCREENING_CATEGORIES, ...domains.map(domainCategory)],
    code,
    subject: ctx.patient,
    effectiveDateTime: ctx.screening.completedAt,
    issued: ctx.screening.completedAt,
  };
  return obs;
}

const itemCode = (item: Item): CodeableConcept => ({ coding: [coding(item.code)], text: item.text.en });
const answerConcept = (o: AnswerOption): CodeableConcept => ({
  ...(o.code ? { coding: [coding(o.code)] } : {}),
  text: o.text.en,
});

/** Whether this single answer is flagged POS (instrument rule, or our safety rule for hurt / threaten). */
function answerIsPositive(a: ItemAnalysis, option: AnswerOption): boolean {
  if (a.state.kind !== 'answered') return false;
  if (a.item.safety) {
    return (
      (SAFETY_ANY_ABOVE_NEVER as readonly string[]).includes(a.item.linkId) && option.value !== SAFETY_NEVER
    );
  }
  if (a.item.multiple) return (option.positive?.length ?? 0) > 0;
  return a.state.positive.length > 0; // includes the clinic's configured positives (loneliness, financial strain)
}

function questionnaireResponse(
  ctx: Ctx,
  instrument: Instrument,
  items: readonly ItemAnalysis[],
  totals: Record<string, number>,
  authorRef?: string,
) {
  const lang = ctx.screening.language;
  const qrItems: QuestionnaireResponseItem[] = [];
  for (const a of items) {
    const text = a.item.text[lang];
    const s = a.state;
    if (s.kind === 'missing') continue;
    if (s.kind === 'declined')
      qrItems.push({ linkId: a.item.linkId, text, answer: [{ valueCoding: DECLINED_CODING }] });
    else if (s.kind === 'absent')
      qrItems.push({ linkId: a.item.linkId, text, answer: [{ valueCoding: coding(s.option.code!) }] });
    else
      qrItems.push({
        linkId: a.item.linkId,
        text,
        answer: s.options.map((o) => ({ valueCoding: coding(o.code!) })),
      });
  }
  for (const d of instrument.totals) {
    const v = totals[d.key];
    if (v !== undefined)
      qrItems.push({ linkId: totalLinkId(d), text: d.title[lang], answer: [{ valueInteger: v }] });
  }
  const qr: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    id: ctx.newId(),
    identifier: ctx.identifier('qr'),
    questionnaire: `${QUESTIONNAIRE_BASE}${instrument.id}|${instrument.version}`,
    status: 'completed',
    subject: ctx.patient,
    authored: ctx.screening.completedAt,
    ...(authorRef ? { author: { reference: authorRef } } : {}),
    source: ctx.patient,
    language: lang === 'fr' ? 'fr-CA' : 'en-CA',
    item: qrItems,
  };
  return qr;
}

export const totalLinkId = (d: DerivedScore): string =>
  d.code.system === LOINC ? d.code.code : `${d.key}-total`;

function itemObservations(ctx: Ctx, a: ItemAnalysis, qrId: string): Observation[] {
  const s = a.state;
  if (s.kind === 'missing') return [];
  const make = (part: string) => {
    const obs = observationBase(ctx, a.item.domains, itemCode(a.item), part);
    obs.performer = [ctx.patient];
    obs.derivedFrom = [ref(qrId)];
    return obs;
  };
  if (s.kind === 'declined') return [{ ...make(`obs-${a.item.linkId}`), dataAbsentReason: ASKED_DECLINED }];
  if (s.kind === 'absent')
    return [{ ...make(`obs-${a.item.linkId}`), valueCodeableConcept: answerConcept(s.option) }];
  // Multi-select: one Observation per chosen answer (a CodeableConcept's codings must mean the same thing).
  return s.options.map((o) => {
    const obs = make(a.item.multiple ? `obs-${a.item.linkId}-${String(o.value)}` : `obs-${a.item.linkId}`);
    obs.valueCodeableConcept = answerConcept(o);
    if (answerIsPositive(a, o)) obs.interpretation = POS;
    return obs;
  });
}

function scorePositive(
  d: DerivedScore,
  value: number,
  opts: { ucla3Threshold: number; lsns6Threshold: number },
) {
  if (d.key === '95614-4') return value >= AHC_SAFETY_POSITIVE;
  if (d.key === 'ucla-3') return value >= opts.ucla3Threshold;
  if (d.key === 'lsns-6') return value < opts.lsns6Threshold;
  return false;
}

/**
 * QuestionnaireResponse, answer Observations, derived Observations and (where a LOINC panel exists) a panel
 * Observation for one completed screening. Safety answers are included (they belong in the chart); the referral
 * builder leaves them out of anything sent unless the clinician explicitly shares them.
 */
export function screeningToFhir(
  screening: CompletedScreening,
  patientRef: string,
  opts: ScreeningFhirOptions = {},
): Resource[] {
  const { instrument, items, options } = analyseAnswers(
    screening.instrumentId,
    screening.answers,
    opts.scoring,
  );
  const ctx: Ctx = {
    screening,
    patient: { reference: patientRef },
    newId: opts.newId ?? (() => crypto.randomUUID()),
    identifier: (part) => ({ system: SCREENING_IDENTIFIER_SYSTEM, value: `${screening.id}/${part}` }),
  };
  const { totals } = scoreScreening(screening.instrumentId, screening.answers, opts.scoring);
  const qr = questionnaireResponse(ctx, instrument, items, totals, opts.authorRef);
  const byLink = new Map<string, Observation[]>();
  for (const a of items) byLink.set(a.item.linkId, itemObservations(ctx, a, qr.id!));
  const answerObs = [...byLink.values()].flat();

  const derived: Observation[] = [];
  for (const d of instrument.totals) {
    const v = totals[d.key];
    if (v === undefined) continue;
    const domains = instrument.items.find((i) => i.linkId === d.items[0])?.domains ?? [];
    const obs = observationBase(
      ctx,
      domains,
      { coding: [coding(d.code)], text: d.title.en },
      `score-${d.key}`,
    );
    obs.valueQuantity = { value: v, ...SCORE_UNIT };
    obs.derivedFrom = d.items.flatMap((id) => byLink.get(id) ?? []).map((o) => ref(o.id!));
    if (scorePositive(d, v, options)) obs.interpretation = POS;
    derived.push(obs);
  }
  const risk = hvsRisk(ctx, byLink, items);
  if (risk) derived.push(risk);

  const out: Resource[] = [qr, ...answerObs, ...derived];
  if (instrument.panel && answerObs.length) {
    const panel = observationBase(
      ctx,
      [],
      { coding: [coding(instrument.panel)], text: instrument.title.en },
      'panel',
    );
    panel.hasMember = [...answerObs, ...derived].map((o) => ref(o.id!));
    panel.derivedFrom = [ref(qr.id!)];
    out.push(panel);
  }
  return out;
}

/**
 * Food insecurity risk [HVS] (88124-3), for the Hunger Vital Sign and the same two items inside the AHC core.
 * "At risk" when either item is positive; "No risk" only when both were answered "Never true" (declined is never
 * negative); otherwise not derived.
 */
function hvsRisk(
  ctx: Ctx,
  byLink: Map<string, Observation[]>,
  items: readonly ItemAnalysis[],
): Observation | null {
  const food = items.filter((a) => a.item.linkId === '88122-7' || a.item.linkId === '88123-5');
  if (food.length !== 2) return null;
  const atRisk = food.some((a) => a.state.kind === 'answered' && a.state.positive.length > 0);
  const noRisk = food.every((a) => a.state.kind === 'answered' && a.state.positive.length === 0);
  if (!atRisk && !noRisk) return null;
  const obs = observationBase(ctx, ['food-insecurity'], { coding: [coding(HVS_RISK)] }, 'score-88124-3');
  obs.valueCodeableConcept = { coding: [coding(atRisk ? HVS_AT_RISK : HVS_NO_RISK)] };
  obs.derivedFrom = food.flatMap((a) => byLink.get(a.item.linkId) ?? []).map((o) => ref(o.id!));
  if (atRisk) obs.interpretation = POS;
  return obs;
}

/** SNOMED CT concepts verified in the reference (IG examples); other needs carry text only. */
const CONDITION_CODES: Partial<Record<SdohCategory, Coding>> = {
  'food-insecurity': { system: SYS.snomed, code: '733423003', display: 'Food insecurity' },
  'social-connection': { system: SYS.snomed, code: '422650009', display: 'Social isolation' },
};

export interface ConditionOptions {
  /**
   * Business-identifier key (one Condition per need per key), e.g. the visit or referral id. Default: the screening
   * ids found on `evidence`, so rebuilding from the same screenings gives the same identifiers.
   */
  key?: string;
  /** Default: now. */
  recordedAt?: string;
  /** True once clinician and patient agree; until then `verificationStatus = unconfirmed` (fhir-sdoh.md §2). */
  agreedWithPatient?: boolean;
  asserterRef?: string;
  newId?: () => string;
}

function evidenceKey(evidence: readonly Resource[]): string | undefined {
  const ids = new Set<string>();
  for (const r of evidence) {
    const raw = (r as { identifier?: unknown }).identifier;
    for (const i of Array.isArray(raw) ? raw : raw ? [raw] : []) {
      const id = i as { system?: string; value?: string };
      if (id.system === SCREENING_IDENTIFIER_SYSTEM && id.value) ids.add(id.value.split('/')[0]!);
    }
  }
  return ids.size ? [...ids].sort().join('+') : undefined;
}

const hasDomain = (o: Observation, need: SdohCategory) => {
  const cat = domainCategory(need);
  const code = cat.coding![0]!.code;
  return (o.category ?? []).some(
    (c) =>
      (c.coding ?? []).some((k) => k.system === SYS.sdohcc && k.code === code) &&
      (c.text ?? '') === (cat.text ?? ''),
  );
};

/**
 * Health concerns (SDOHCC Condition shape) for needs the clinician confirmed — and only those. `evidence` is what
 * screeningToFhir produced for the visit: each Condition cites the positive Observations of its domain (derived scores
 * first, as in the IG example). Needs without screening evidence (quick path) get a Condition without evidence.
 */
export function conditionsForNeeds(
  needs: readonly SdohCategory[],
  patientRef: string,
  evidence: readonly Resource[],
  opts: ConditionOptions = {},
): Condition[] {
  const newId = opts.newId ?? (() => crypto.randomUUID());
  const key = opts.key ?? evidenceKey(evidence) ?? newId();
  const recordedAt = opts.recordedAt ?? new Date().toISOString();
  const positives = evidence.filter(
    (r): r is Observation =>
      r.resourceType === 'Observation' &&
      (r.interpretation ?? []).some((i) => i.coding?.some((c) => c.code === 'POS')),
  );
  return [...new Set(needs)].map((need) => {
    // Derived results (no performer) first: the IG example cites the HVS risk, not the two answers.
    const cites = positives
      .filter((o) => hasDomain(o, need))
      .sort((a, b) => Number(Boolean(a.performer)) - Number(Boolean(b.performer)));
    const code = CONDITION_CODES[need];
    const condition: Condition = {
      resourceType: 'Condition',
      id: newId(),
      identifier: [{ system: SCREENING_IDENTIFIER_SYSTEM, value: `${key}/condition-${need}` }],
      clinicalStatus: { coding: [{ system: SYS.conditionClinical, code: 'active', display: 'Active' }] },
      verificationStatus: {
        coding: [
          opts.agreedWithPatient
            ? { system: SYS.conditionVer, code: 'confirmed', display: 'Confirmed' }
            : { system: SYS.conditionVer, code: 'unconfirmed', display: 'Unconfirmed' },
        ],
      },
      category: [
        { coding: [{ system: SYS.conditionCategory, code: 'health-concern', display: 'Health Concern' }] },
        { coding: [{ system: SYS.usCoreCategory, code: 'sdoh', display: 'SDOH' }] },
        domainCategory(need),
      ],
      code: { ...(code ? { coding: [code] } : {}), text: DOMAIN_DISPLAY[need] },
      subject: { reference: patientRef },
      recordedDate: recordedAt,
      ...(opts.asserterRef ? { asserter: { reference: opts.asserterRef } } : {}),
      ...(cites.length ? { evidence: [{ detail: cites.map((o) => ref(o.id!)) }] } : {}),
    };
    return condition;
  });
}
