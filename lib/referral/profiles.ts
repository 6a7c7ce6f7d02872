/**
 * meta.profile claims are configured per navigator (settings.navigatorProfiles): a partner that validates against
 * SDOHCC gets the claims, one that does not gets none (fhir-sdoh.md §8). Each entry is either `Type=url` or a
 * canonical URL whose last segment names the resource type (SDOHCC-ServiceRequest, us-core-patient,
 * sdc-questionnaireresponse, SDOHCC-TaskForReferralManagement …).
 */
export const CLAIMABLE_TYPES = [
  'QuestionnaireResponse',
  'PractitionerRole',
  'ServiceRequest',
  'Organization',
  'Practitioner',
  'Observation',
  'Condition',
  'Consent',
  'Patient',
  'Goal',
  'Task',
] as const; // longest names first where one contains another (PractitionerRole before Practitioner)
export type ClaimableType = (typeof CLAIMABLE_TYPES)[number];

export interface ProfileClaims {
  byType: Partial<Record<ClaimableType, string[]>>;
  /** Entries that could not be attributed to a resource type (reported, not guessed). */
  unassigned: string[];
}

function typeFromUrl(url: string): ClaimableType | null {
  const last = (url.split(/[/#]/).filter(Boolean).pop() ?? '').toLowerCase().replace(/[-_]/g, '');
  return CLAIMABLE_TYPES.find((t) => last.includes(t.toLowerCase())) ?? null;
}

export function profileClaims(entries: readonly string[]): ProfileClaims {
  const out: ProfileClaims = { byType: {}, unassigned: [] };
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const eq = /^([A-Za-z]+)\s*=\s*(\S+)$/.exec(entry);
    const type = eq
      ? (CLAIMABLE_TYPES as readonly string[]).includes(eq[1]!)
        ? (eq[1] as ClaimableType)
        : null
      : typeFromUrl(entry);
    const url = eq ? eq[2]! : entry;
    if (!type || !/^https?:\/\/\S+$/.test(url)) {
      out.unassigned.push(entry);
      continue;
    }
    (out.byType[type] ??= []).push(url);
  }
  return out;
}
