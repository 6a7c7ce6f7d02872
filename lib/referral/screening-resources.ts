import { conditionsForNeeds, screeningToFhir } from '@/lib/screening/fhir';
import type { CompletedScreening } from '@/lib/visit/schema';
import type { ReferralRequest } from './request';
import { isSafetyNeed } from './request';
import { VISIT_GROUP, type ScreeningResourceGroup } from './screening-filter';

const PATIENT_REF = 'Patient/referral-subject'; // rewritten to the bundle's Patient by the builder

/**
 * The FHIR resources of the consented screenings (lib/screening/fhir.ts), plus health concerns (Conditions) for the
 * needs being referred, citing the screening evidence. The bundle builder still filters all of it by the consent.
 */
export function screeningResourcesFor(
  screenings: readonly CompletedScreening[],
  req: ReferralRequest,
): ScreeningResourceGroup[] {
  const groups = screenings.map((s) => ({ screeningId: s.id, resources: screeningToFhir(s, PATIENT_REF) }));
  const share = req.consent.share;
  const needs = share.needs.filter((n) => share.safety || !isSafetyNeed(n));
  const conditions = conditionsForNeeds(
    needs,
    PATIENT_REF,
    groups.flatMap((g) => g.resources),
    // Confirmed by the clinician and agreed with the patient, who consented to this referral for them.
    { key: req.referralId, recordedAt: req.authoredAt, agreedWithPatient: true },
  );
  return [...groups, { screeningId: VISIT_GROUP, resources: conditions }];
}
