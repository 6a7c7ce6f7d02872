import { createHash } from 'node:crypto';
import { IDENTIFIER_SYSTEMS } from '../../lib/patient/identifier-systems';
import { isValidOntarioHcn } from '../../lib/patient/health-number';
import { ReferralRequest, type ReferralRequestInput } from '../../lib/referral/request';

/**
 * Valid `ReferralRequest` payloads for the end-to-end fault suite and the PHI sweep. Every person is fictional and
 * obviously fake. Each referral carries seeded marker strings (name, health number, birth date, phone, email, free
 * text) so a sweep can look for them anywhere they must not be.
 *
 * The markers are derived from the referral UUID but never contain it: the UUID is the outbox key and the
 * Idempotency-Key and may legitimately appear in logs, so a marker containing it would be a false leak.
 */

/** Every marker starts with this, so one search finds any of them (case-insensitive). */
export const MARKER_PREFIX = 'ZZMARKER';

/** The fictional birth date every factory patient has (a marker too: it is searched for in logs). */
export const MARKER_BIRTH_DATE = '1903-04-05';

export interface ReferralMarkers {
  /** `ZZMARKER<12 hex>`: the patient's family name and the root of every free-text marker. */
  token: string;
  displayName: string;
  /** A valid Ontario health card number (passes the check digit), unique per referral. */
  healthNumber: string;
  birthDate: string;
  phone: string;
  email: string;
  goal: string;
  strengths: string;
  interestsText: string;
}

function digest(referralId: string): string {
  return createHash('sha256').update(`social-rx-e2e-marker:${referralId}`).digest('hex');
}

/** A valid Ontario health number from the digest's digits: nine digits and the check digit that makes it valid. */
function ontarioHcn(hex: string): string {
  const nine = [...hex]
    .map((c) => parseInt(c, 16) % 10)
    .slice(0, 9)
    .join('');
  for (let check = 0; check <= 9; check++) {
    // Ontario numbers never start with 0 in practice; keep the first digit non-zero so it reads like one.
    const candidate = `${nine[0] === '0' ? '7' : nine[0]}${nine.slice(1)}${check}`;
    if (isValidOntarioHcn(candidate)) return candidate;
  }
  throw new Error('unreachable: one of ten check digits is always valid');
}

export function referralMarkers(referralId: string): ReferralMarkers {
  const hex = digest(referralId);
  const token = `${MARKER_PREFIX}${hex.slice(0, 12).toUpperCase()}`;
  const phoneDigits = [...hex.slice(12, 16)].map((c) => parseInt(c, 16) % 10).join('');
  return {
    token,
    displayName: `${token}, TESTPATIENT`,
    healthNumber: ontarioHcn(hex.slice(16)),
    birthDate: MARKER_BIRTH_DATE,
    // 555-01xx numbers are reserved for fiction; four digits of the digest make it unique enough to search for.
    phone: `+1 613 555 ${phoneDigits}`,
    email: `${token.toLowerCase()}@example.invalid`,
    goal: `${token}-GOAL walk every morning`,
    strengths: `${token}-STRENGTH loves to cook`,
    interestsText: `${token}-INTEREST community garden`,
  };
}

/** The strings a PHI sweep searches for, for one referral (free text is covered by the token). */
export function markerNeedles(m: ReferralMarkers): string[] {
  return [m.token, m.healthNumber, m.phone, m.phone.replace(/\D/g, ''), m.email];
}

export interface ReferralFactoryOptions {
  referralId: string;
  /** Must equal the extension's configured navigator (the background refuses a referral for another navigator). */
  navigatorFhirBaseUrl: string;
  /** The workstation user recorded on the referral (the extension's `userIdentity` setting). */
  userIdentity?: string;
  authoredAt?: Date;
  overrides?: Partial<ReferralRequestInput>;
}

/** A referral the extension accepts as it is: one need, one program, express consent, everything consented shared. */
export function buildReferralRequest(opts: ReferralFactoryOptions): ReferralRequest {
  const m = referralMarkers(opts.referralId);
  const at = opts.authoredAt ?? new Date();
  const input: ReferralRequestInput = {
    referralId: opts.referralId,
    authoredAt: at.toISOString(),
    language: 'en',
    patient: {
      displayName: m.displayName,
      family: m.token,
      given: 'TESTPATIENT',
      birthDate: m.birthDate,
      sex: 'unknown',
      identifiers: [
        { kind: 'on-hcn', system: IDENTIFIER_SYSTEMS.onHealthCard, value: m.healthNumber, valid: true },
      ],
      source: 'manual',
    },
    contact: { preference: 'phone', phone: m.phone, email: m.email },
    preferredLanguage: 'en',
    priority: 'routine',
    needs: ['food-insecurity'],
    screenings: [],
    whatMatters: {
      goals: [m.goal],
      interests: ['walking'],
      interestsText: m.interestsText,
      strengths: m.strengths,
      barriers: ['transport'],
    },
    programs: [{ id: 'svc-test-good-food-box', name: 'Test Good Food Box' }],
    letNavigatorChoose: false,
    doNotContact: false,
    consent: {
      askedBy: 'Dr. TESTDOCTOR, SAM',
      askedAt: new Date(at.getTime() - 60_000).toISOString(),
      method: 'verbal',
      expressConsent: true,
      share: {
        birthDate: true,
        healthNumber: true,
        sex: false,
        contact: true,
        language: true,
        needs: ['food-insecurity'],
        screeningIds: [],
        goals: [m.goal],
        interests: true,
        strengths: true,
        barriers: ['transport'],
        programIds: ['svc-test-good-food-box'],
        safety: false,
      },
    },
    settings: {
      navigatorFhirBaseUrl: opts.navigatorFhirBaseUrl,
      navigatorName: 'Test Navigation Service',
      clinicName: 'Test Family Health Team',
      clinicIdentifier: 'test-fht',
      practitionerName: 'Dr. TESTDOCTOR, SAM',
      practitionerIdentifier: '00000',
      profiles: [],
      userIdentity: opts.userIdentity ?? '',
    },
    ...opts.overrides,
  };
  return ReferralRequest.parse(input);
}
