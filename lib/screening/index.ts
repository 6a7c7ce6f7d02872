/**
 * Screening: instruments as data, pure scoring, FHIR output. `scoreScreening` is a contract (screening issue):
 * tests outside the UI depend on its ids, answer keys and result shape.
 */
export {
  scoreScreening,
  analyseAnswers,
  getInstrument,
  ScoringOptions,
  ScreeningInputError,
  AHC_SAFETY_POSITIVE,
} from './scoring';
export type { ItemAnalysis, ItemState } from './scoring';
export {
  INSTRUMENTS,
  instrumentsEnabled,
  AHC_HRSN_CORE,
  AHC_FINANCIAL_STRAIN,
  AHC_LONELINESS,
  HUNGER_VITAL_SIGN,
  LSNS_6,
  POVERTY,
  UCLA_3,
} from './instruments';
export { SAFETY_LINK_IDS, SAFETY_ANY_ABOVE_NEVER } from './instruments/ahc-hrsn-core';
export { DECLINED, INSTRUMENT_IDS } from './types';
export type { AnswerOption, CodeRef, DerivedScore, Instrument, InstrumentId, Item, Text } from './types';
export type { ScoreResult } from '@/lib/visit/schema';
export {
  screeningToFhir,
  conditionsForNeeds,
  domainCategory,
  SCREENING_IDENTIFIER_SYSTEM,
  QUESTIONNAIRE_BASE,
} from './fhir';
export type { ScreeningFhirOptions, ConditionOptions } from './fhir';
