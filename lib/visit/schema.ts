import { z } from 'zod';
import { ScreeningDraft } from '@/lib/screening/draft';

/** Gravity SDOHCC category codes (http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes). */
export const SdohCategory = z.enum([
  'food-insecurity',
  'housing-instability',
  'homelessness',
  'inadequate-housing',
  'transportation-insecurity',
  'utility-insecurity',
  'financial-insecurity',
  'social-connection',
  'interpersonal-safety',
  'employment-status',
  'educational-attainment',
  'health-insurance-coverage-status',
  'digital-access',
  'material-hardship',
  'stress',
]);
export type SdohCategory = z.infer<typeof SdohCategory>;

export const Barrier = z.enum([
  'cost',
  'transport',
  'language',
  'mobility',
  'childcare',
  'digital-access',
  'hours',
]);
export type Barrier = z.infer<typeof Barrier>;

export const ContactPreference = z.enum(['phone', 'text', 'email', 'none']);
export type ContactPreference = z.infer<typeof ContactPreference>;

/** One answer: a LOINC answer code, a number, 'yes'/'no', an array (multi-select), or 'declined'. */
export const Answer = z.union([z.string().max(40), z.number(), z.array(z.string().max(40)).max(20)]);
export type Answer = z.infer<typeof Answer>;
export const Answers = z.record(z.string().max(40), Answer);
export type Answers = z.infer<typeof Answers>;

export const ScoreResult = z.object({
  complete: z.boolean(),
  positiveDomains: z.array(z.string().max(60)),
  totals: z.record(z.string(), z.number()),
  safetyConcern: z.boolean(),
});
export type ScoreResult = z.infer<typeof ScoreResult>;

export const CompletedScreening = z.object({
  id: z.uuid(),
  instrumentId: z.string().max(40),
  answers: Answers,
  result: ScoreResult,
  completedAt: z.iso.datetime(),
  language: z.enum(['en', 'fr']),
});
export type CompletedScreening = z.infer<typeof CompletedScreening>;

/** "What matters to you": strengths-based, not only deficits. Feeds matching and the referral. */
export const WhatMatters = z.object({
  interests: z.array(z.string().max(40)).max(30).default([]),
  interestsText: z.string().max(500).default(''),
  goals: z.array(z.string().max(200)).max(5).default([]),
  strengths: z.string().max(500).default(''),
  barriers: z.array(Barrier).max(7).default([]),
  /** BCP-47 primary tag: 'en', 'fr', or another language the patient prefers. */
  preferredLanguage: z.string().max(10).default(''),
  /** Canadian postal code or its first three characters (FSA), for distance ranking; empty when not given. */
  postalCode: z
    .string()
    .max(7)
    .regex(/^[A-Za-z0-9 -]*$/)
    .default(''),
});
export type WhatMatters = z.infer<typeof WhatMatters>;

/** Everything gathered for one patient during this visit (stored encrypted in the drafts store). */
export const Visit = z.object({
  screenings: z.array(CompletedScreening).max(20).default([]),
  /** Needs the clinician agreed to act on (only these become health concerns / referral reasons). */
  confirmedNeeds: z.array(SdohCategory).max(15).default([]),
  whatMatters: WhatMatters.default(WhatMatters.parse({})),
  chosenProgramIds: z.array(z.string().max(100)).max(20).default([]),
  letNavigatorChoose: z.boolean().default(false),
  /** The screening in progress (resumes when the panel reopens; purged with the visit). */
  screeningDraft: ScreeningDraft.nullable().optional(),
  updatedAt: z.number().default(0),
});
export type Visit = z.infer<typeof Visit>;

export const EMPTY_VISIT: Visit = Visit.parse({});
