import { createFhirValidator } from '@/lib/fhir/validate';
import type { FhirValidator } from './bundle-check';

let loading: Promise<FhirValidator> | undefined;

/**
 * Base R4 validation for the browser: lib/fhir/validate.ts's validator over the referral subset of the R4 definitions
 * (definitions/r4-referral.json, ~0.6 MB, loaded lazily on the first referral so the service worker starts fast).
 */
export function loadReferralValidator(): Promise<FhirValidator> {
  loading ??= import('./definitions/r4-referral.json').then((mod) => {
    const defs = mod.default as unknown as {
      profiles: Parameters<typeof createFhirValidator>[0]['profiles'][number];
      terminology: Parameters<typeof createFhirValidator>[0]['terminology'][number];
    };
    const validate = createFhirValidator({ profiles: [defs.profiles], terminology: [defs.terminology] });
    return (resource: unknown) => {
      const r = validate(resource);
      return { valid: r.valid, issues: r.issues };
    };
  });
  return loading;
}
