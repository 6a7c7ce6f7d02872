import { z } from 'zod';
import { PatientContext } from '@/lib/patient/context';
import { Barrier, CompletedScreening, ContactPreference, SdohCategory } from '@/lib/visit/schema';
import { ChosenProgram } from './programs';

/**
 * Everything the side panel sends when the clinician clicks "Send social prescription". The request carries the
 * visit's data AND the consent record saying which of it may be shared; `buildReferralBundle` is the single place that
 * enforces the consent (minimum necessary), so a panel bug cannot widen a disclosure.
 */

/** Needs that are safety matters: never part of a routine referral unless explicitly added (screening-instruments §8). */
export const SAFETY_NEEDS: readonly SdohCategory[] = ['interpersonal-safety'];
export const isSafetyNeed = (n: SdohCategory): boolean => SAFETY_NEEDS.includes(n);

const Phone = z
  .string()
  .trim()
  .max(30)
  .regex(/^\+?[0-9 ().-]{7,30}$/, 'phone: digits, spaces, + ( ) . - only')
  .refine((s) => s.replace(/\D/g, '').length >= 7, 'phone: at least 7 digits');

export const ContactDetails = z.object({
  preference: ContactPreference,
  phone: z.union([z.literal(''), Phone]).default(''),
  email: z.union([z.literal(''), z.email().max(200)]).default(''),
});
export type ContactDetails = z.infer<typeof ContactDetails>;

/** What the patient agreed to share. Unlisted items are not shared. */
export const ShareSelection = z.object({
  birthDate: z.boolean(),
  healthNumber: z.boolean(),
  sex: z.boolean(),
  contact: z.boolean(),
  language: z.boolean(),
  needs: z.array(SdohCategory).max(15),
  screeningIds: z.array(z.uuid()).max(20),
  goals: z.array(z.string().max(200)).max(5),
  interests: z.boolean(),
  strengths: z.boolean(),
  barriers: z.array(Barrier).max(7),
  programIds: z.array(z.string().max(100)).max(20),
  /** Safety answers and safety needs: only when the clinician explicitly adds them with the patient's agreement. */
  safety: z.boolean(),
});
export type ShareSelection = z.infer<typeof ShareSelection>;

export const ConsentRecord = z.object({
  /** Who asked the patient (the clinician or staff member's name as they want it recorded). */
  askedBy: z.string().trim().min(1, 'consent: who asked is required').max(200),
  askedAt: z.iso.datetime({ offset: true }),
  method: z.enum(['verbal', 'written']),
  /** PHIPA: disclosure to a non-custodian navigator needs the patient's express consent. */
  expressConsent: z.literal(true, 'consent: the patient must give express consent'),
  share: ShareSelection,
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;

/** The settings in force at the click: the consent names this navigator, so the target is fixed here. */
export const ReferralSettings = z.object({
  navigatorFhirBaseUrl: z.url({ protocol: /^https?$/ }).max(500),
  navigatorName: z.string().max(200).default(''),
  clinicName: z.string().max(200).default(''),
  clinicIdentifier: z.string().max(100).default(''),
  practitionerName: z.string().max(200).default(''),
  practitionerIdentifier: z.string().max(100).default(''),
  /** meta.profile claims: `Type=url` or a canonical URL whose last segment names the resource type. */
  profiles: z.array(z.string().max(300)).max(20).default([]),
  userIdentity: z.string().max(100).default(''),
});
export type ReferralSettings = z.infer<typeof ReferralSettings>;

export const ReferralWhatMatters = z.object({
  goals: z.array(z.string().trim().min(1).max(200)).max(5).default([]),
  interests: z.array(z.string().max(40)).max(30).default([]),
  interestsText: z.string().max(500).default(''),
  strengths: z.string().max(500).default(''),
  barriers: z.array(Barrier).max(7).default([]),
});
export type ReferralWhatMatters = z.infer<typeof ReferralWhatMatters>;

export const ReferralPriority = z.enum(['routine', 'urgent']);
export type ReferralPriority = z.infer<typeof ReferralPriority>;

const BaseRequest = z.object({
  /** Created once per prescription at the click: outbox key, Idempotency-Key and ServiceRequest identifier. */
  referralId: z.uuid(),
  authoredAt: z.iso.datetime({ offset: true }),
  language: z.enum(['en', 'fr']),
  patient: PatientContext,
  contact: ContactDetails,
  /** BCP-47 tag of the patient's preferred language ('en', 'fr', or another). */
  preferredLanguage: z
    .string()
    .max(10)
    .regex(/^$|^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'preferredLanguage: a BCP-47 tag'),
  priority: ReferralPriority.default('routine'),
  needs: z.array(SdohCategory).min(1, 'needs: choose at least one need').max(15),
  screenings: z.array(CompletedScreening).max(20).default([]),
  whatMatters: ReferralWhatMatters.default(ReferralWhatMatters.parse({})),
  programs: z.array(ChosenProgram).max(20).default([]),
  letNavigatorChoose: z.boolean().default(false),
  /** Set when contact could put the person at risk: the navigator must not contact them directly. */
  doNotContact: z.boolean().default(false),
  consent: ConsentRecord,
  settings: ReferralSettings,
});

const subset = <T>(chosen: readonly T[], from: readonly T[]) => chosen.every((c) => from.includes(c));

export const ReferralRequest = BaseRequest.superRefine((r, ctx) => {
  const s = r.consent.share;
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  if (r.programs.length === 0 && !r.letNavigatorChoose)
    issue(['programs'], 'programs: choose a program or let the navigator choose');
  if (!subset(s.needs, r.needs))
    issue(['consent', 'share', 'needs'], 'share: a shared need is not in the referral');
  const screeningIds = r.screenings.map((x) => x.id);
  if (!subset(s.screeningIds, screeningIds))
    issue(['consent', 'share', 'screeningIds'], 'share: unknown screening');
  if (!subset(s.goals, r.whatMatters.goals)) issue(['consent', 'share', 'goals'], 'share: unknown goal');
  if (!subset(s.barriers, r.whatMatters.barriers))
    issue(['consent', 'share', 'barriers'], 'share: unknown barrier');
  if (
    !subset(
      s.programIds,
      r.programs.map((p) => p.id),
    )
  )
    issue(['consent', 'share', 'programIds'], 'share: unknown program');
  const routineNeeds = s.needs.filter((n) => !isSafetyNeed(n) || s.safety);
  if (routineNeeds.length === 0)
    issue(['consent', 'share', 'needs'], 'share: at least one need must be shared');
  const pref = r.contact.preference;
  if (s.contact && (pref === 'phone' || pref === 'text') && !r.contact.phone)
    issue(['contact', 'phone'], 'contact: a phone number is needed for this contact preference');
  if (s.contact && pref === 'email' && !r.contact.email)
    issue(['contact', 'email'], 'contact: an email address is needed for this contact preference');
});
export type ReferralRequest = z.infer<typeof ReferralRequest>;
export type ReferralRequestInput = z.input<typeof ReferralRequest>;

/** Readable one-line issues for the panel (paths and messages only, never values). */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 50).map((i) => {
    const path = i.path.join('.');
    return (
      path && !i.message.startsWith(path.split('.')[0] ?? '') ? `${path}: ${i.message}` : i.message
    ).slice(0, 500);
  });
}
