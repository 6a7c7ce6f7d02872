// Kept apart from context.ts (which holds zod schemas) so the content script can use it without bundling zod.
/** Identifier systems Social Rx understands. URIs follow Canada Health Infoway naming systems where they exist. */
export const IDENTIFIER_SYSTEMS = {
  onHealthCard: 'https://fhir.infoway-inforoute.ca/NamingSystem/ca-on-patient-hcn',
  bcPhn: 'https://fhir.infoway-inforoute.ca/NamingSystem/ca-bc-patient-healthcare-id',
  /** EMR record numbers: `${emrRecordBase}/${emrId}` (e.g. …/oscar) so two EMRs never collide. */
  emrRecordBase: 'urn:social-rx:emr-record',
  mrn: 'urn:social-rx:mrn',
} as const;
