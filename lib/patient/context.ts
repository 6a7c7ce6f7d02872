import { z } from 'zod';

export { IDENTIFIER_SYSTEMS } from './identifier-systems';

export const IdentifierKind = z.enum(['on-hcn', 'bc-phn', 'emr-record', 'mrn', 'other']);
export type IdentifierKind = z.infer<typeof IdentifierKind>;

export const PatientIdentifier = z.object({
  kind: IdentifierKind,
  system: z.string().min(1).max(200),
  value: z.string().min(1).max(64),
  /** Health numbers: checksum verified. Invalid numbers are reported, never silently kept as valid. */
  valid: z.boolean(),
  /** Ontario version code (two letters), when present. */
  version: z
    .string()
    .regex(/^[A-Z]{1,2}$/)
    .optional(),
});
export type PatientIdentifier = z.infer<typeof PatientIdentifier>;

export const Sex = z.enum(['female', 'male', 'other', 'unknown']);
export type Sex = z.infer<typeof Sex>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Minimum-necessary patient context read from an EMR page (or entered by hand). Every field is capped. */
export const PatientContext = z.object({
  /** The name as the EMR shows it (NFC, trimmed, capped). */
  displayName: z.string().min(1).max(200),
  family: z.string().max(100).optional(),
  given: z.string().max(100).optional(),
  birthDate: IsoDate.nullable(),
  sex: Sex.nullable(),
  identifiers: z.array(PatientIdentifier).max(8),
  /** Which adapter produced it ('manual' for the side-panel fallback). */
  source: z.string().min(1).max(40),
});
export type PatientContext = z.infer<typeof PatientContext>;

export const NoPatientReason = z.enum([
  'no-adapter', // no adapter recognises this page
  'not-a-chart', // adapter recognises the EMR but this page is not a single patient's chart
  'multiple-patients', // schedule, search results, lists
  'ambiguous', // conflicting candidates on the page
  'not-rendered', // chart shell present, patient not rendered yet / chart closed
  'invalid', // fields present but unreadable (e.g. over caps, control characters only)
]);
export type NoPatientReason = z.infer<typeof NoPatientReason>;

export const DetectionResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('patient'), patient: PatientContext }),
  z.object({ status: z.literal('none'), reason: NoPatientReason, adapter: z.string().max(40).optional() }),
]);
export type DetectionResult = z.infer<typeof DetectionResult>;

/** A stable key for "is this the same patient?" comparisons (drafts purge on change). Not PHI-safe: never log it. */
export function patientKey(p: PatientContext): string {
  const id = p.identifiers.find((i) => i.valid) ?? p.identifiers[0];
  return id ? `${id.system}|${id.value}` : `${p.displayName}|${p.birthDate ?? ''}`;
}
