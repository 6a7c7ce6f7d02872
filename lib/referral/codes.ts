import type { CodeableConcept } from '@medplum/fhirtypes';
import type { SdohCategory } from '@/lib/visit/schema';

/**
 * Identifier systems and codes used on the wire. The `urn:social-rx:` namespace matches lib/patient (EMR record
 * systems): referral UUIDs are globally unique, so a URN needs no registered host and never changes when the project
 * or a clinic moves domains — which is what makes the ServiceRequest identifier usable for conditional create forever.
 */
export const SYSTEMS = {
  referral: 'urn:social-rx:referral',
  referralTask: 'urn:social-rx:referral-task',
  /** Per-referral resources (consent, goals, screening resources): `<referral uuid>/<part>`. */
  referralPart: 'urn:social-rx:referral-part',
  clinic: 'urn:social-rx:clinic',
  practitioner: 'urn:social-rx:practitioner',
  practitionerRole: 'urn:social-rx:practitioner-role',
  navigator: 'urn:social-rx:navigator',
  /** Catalog (HSDS) service ids of chosen programs; the catalog is the navigator's own, so ids are meaningful there. */
  hsdsService: 'urn:social-rx:hsds-service',
  barrier: 'urn:social-rx:barrier',
  sdohcc: 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes',
  taskCode: 'http://hl7.org/fhir/CodeSystem/task-code',
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  v2_0203: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  bcp47: 'urn:ietf:bcp:47',
} as const;

/** Gravity displays (the code system's own display strings, English by definition). */
const SDOHCC_DISPLAY: Record<string, string> = {
  'food-insecurity': 'Food Insecurity',
  'housing-instability': 'Housing Instability',
  homelessness: 'Homelessness',
  'inadequate-housing': 'Inadequate Housing',
  'transportation-insecurity': 'Transportation Insecurity',
  'utility-insecurity': 'Utility Insecurity',
  'financial-insecurity': 'Financial Insecurity',
  'social-connection': 'Social Connection',
  'employment-status': 'Employment Status',
  'educational-attainment': 'Educational Attainment',
  'health-insurance-coverage-status': 'Health Insurance Coverage Status',
  'digital-access': 'Digital Access',
  'material-hardship': 'Material Hardship',
  stress: 'Stress',
  'sdoh-category-unspecified': 'SDOH Category Unspecified',
  'intimate-partner-violence': 'Intimate Partner Violence',
  'elder-abuse': 'Elder Abuse',
};

export const SAFETY_NEED_TEXT = 'Interpersonal safety';

/** The visit's need → a Gravity category. 'interpersonal-safety' has no Gravity code (NYeC: unspecified + text). */
export function needCategory(need: SdohCategory): CodeableConcept {
  if (need === 'interpersonal-safety') {
    return {
      coding: [
        {
          system: SYSTEMS.sdohcc,
          code: 'sdoh-category-unspecified',
          display: SDOHCC_DISPLAY['sdoh-category-unspecified'],
        },
      ],
      text: SAFETY_NEED_TEXT,
    };
  }
  return { coding: [{ system: SYSTEMS.sdohcc, code: need, display: SDOHCC_DISPLAY[need] ?? need }] };
}

/** Gravity codes a shared need may appear under in screening resources. */
export function gravityCodesFor(need: SdohCategory): string[] {
  return need === 'interpersonal-safety' ? ['intimate-partner-violence', 'elder-abuse'] : [need];
}

/** Safety items (AHC 7–10 + total, PRAPARE safety): never routine content (screening-instruments.md §8). */
export const SAFETY_LOINC: ReadonlySet<string> = new Set([
  '95618-5',
  '95617-7',
  '95616-9',
  '95615-1',
  '95614-4',
  '76501-6',
  '93026-3',
]);
export const SAFETY_CATEGORY_CODES: ReadonlySet<string> = new Set([
  'intimate-partner-violence',
  'elder-abuse',
  'interpersonal-safety',
]);

/** Codes of SDOHCC temporary codes that are not domains (they mark the resource as SDOH in general). */
export const NON_DOMAIN_SDOHCC: ReadonlySet<string> = new Set(['sdoh', 'sdoh-category-unspecified']);

export const SERVICE_REQUEST_CODE: CodeableConcept = {
  coding: [{ system: SYSTEMS.snomed, code: '410606002', display: 'Social service procedure' }],
  text: 'Social prescription: referral to social prescribing navigator (link worker)',
};

export const CONTACT_PROHIBITED: CodeableConcept = {
  coding: [
    {
      system: SYSTEMS.sdohcc,
      code: 'contacting-subject-prohibited',
      display: 'Contacting subject prohibited',
    },
  ],
};

export const PHIPA_URI = 'https://www.ontario.ca/laws/statute/04p03';
export const BC_PIPA_URI = 'https://www.bclaws.gov.bc.ca/civix/document/id/complete/statreg/03063_01';

export const isSafetyNeedCode = (code: string): boolean => SAFETY_CATEGORY_CODES.has(code);
