import type { SdohCategory } from '@/lib/visit/schema';

/** Ids accepted by scoreScreening (the first five are the contract in the screening issue). */
export const INSTRUMENT_IDS = [
  'ahc-hrsn-core',
  'hunger-vital-sign',
  'ucla-3',
  'lsns-6',
  'poverty',
  'ahc-financial-strain',
  'ahc-loneliness',
] as const;
export type InstrumentId = (typeof INSTRUMENT_IDS)[number];

/** The answer value meaning "prefer not to answer": kept as data-absent (asked-declined), never scored as negative. */
export const DECLINED = 'declined';

export interface Text {
  en: string;
  fr: string;
}

export interface CodeRef {
  system: string;
  code: string;
  /** The code system's (English) display — only where verified in the reference; otherwise absent. */
  display?: string;
}

export interface AnswerOption {
  /** What goes into `answers[linkId]`: a LOINC LA code, a number, 'yes'/'no', or 'declined'. */
  value: string | number;
  text: Text;
  /** Coding used in FHIR (LOINC answer or a local code). Absent only on the 'declined' option. */
  code?: CodeRef;
  /** Item score for summed scales (AHC safety 1–5, UCLA-3 1–3, LSNS-6 0–5). */
  score?: number;
  /** Domains this answer indicates per the instrument's rule (the CMS "underlined" answers etc.). */
  positive?: readonly SdohCategory[];
  /** Multi-select: choosing it clears the others ("None of the above", "prefer not to answer"). */
  exclusive?: boolean;
  /** The instrument's own "don't know/refused" answer: recorded as given, scored as data-absent. */
  dataAbsent?: boolean;
}

export interface Item {
  /** QuestionnaireResponse linkId and the key in `answers` (LOINC code where one exists). */
  linkId: string;
  code: CodeRef;
  text: Text;
  /** Heading shown above a group of items (LSNS-6 family / friends). */
  section?: Text;
  /** Answer order exactly as the instrument; "prefer not to answer" is always last. */
  options: readonly AnswerOption[];
  multiple?: boolean;
  /** Domains the question is about (Observation.category), not a finding. */
  domains: readonly SdohCategory[];
  /** Interpersonal-safety item: routed to the clinician, never to a routine referral. */
  safety?: boolean;
}

export interface DerivedScore {
  /** Key in ScoreResult.totals. */
  key: string;
  code: CodeRef;
  title: Text;
  /** linkIds summed. */
  items: readonly string[];
  min: number;
  max: number;
}

export interface Instrument {
  id: InstrumentId;
  /** Version of our encoding (Questionnaire canonical version), not of the instrument. */
  version: string;
  title: Text;
  /** Short label for buttons and lists. */
  shortTitle: Text;
  intro?: Text;
  /** LOINC panel code where one exists. */
  panel?: CodeRef;
  items: readonly Item[];
  totals: readonly DerivedScore[];
  /**
   * French wording status. 'project': our translation, shown as "project translation, not validated" (the reference
   * found no official French version of any instrument here).
   */
  translationStatus: 'official' | 'project';
  citation: string;
}
