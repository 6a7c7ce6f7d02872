import { z } from 'zod';
import { LanguagePreference } from '@/lib/i18n/languages';

const HttpUrl = z
  .string()
  .max(500)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

const OptionalUrl = z.union([z.literal(''), HttpUrl]);

/**
 * Every clinic/user setting. The keys are a contract: options inputs carry `name` equal to the key and the enterprise
 * policy (public/managed_schema.json) uses the same keys. Defaults are safe: nothing is sent anywhere until a navigator
 * is configured.
 */
export const Settings = z.object({
  navigatorFhirBaseUrl: OptionalUrl.default(''),
  navigatorToken: z.string().max(4000).default(''),
  navigatorName: z.string().max(200).default(''),
  /** meta.profile claims put on referral resources, per navigator (empty: no claims). */
  navigatorProfiles: z.array(z.string().max(300)).max(20).default([]),
  catalogHsdsBaseUrl: OptionalUrl.default(''),
  catalogToken: z.string().max(4000).default(''),
  clinicName: z.string().max(200).default(''),
  clinicIdentifier: z.string().max(100).default(''),
  /** Clinic location for distance ranking (decimal degrees). */
  clinicLatitude: z.number().min(-90).max(90).nullable().default(null),
  clinicLongitude: z.number().min(-180).max(180).nullable().default(null),
  practitionerName: z.string().max(200).default(''),
  practitionerIdentifier: z.string().max(100).default(''),
  /** The local user (shared workstations): other users' pending referrals show only as counts. */
  userIdentity: z.string().max(100).default(''),
  defaultLanguage: LanguagePreference.default('auto'),
  /** Extra EMR origins (e.g. https://emr.clinic.example) to request/allow. */
  emrOrigins: z.array(z.string().max(300)).max(50).default([]),
  /** Clinic-configured adapters (JSON definitions, validated by lib/emr/adapters/configured). */
  configuredAdapters: z.array(z.unknown()).max(50).default([]),
  enabledInstruments: z
    .array(z.enum(['ahc-hrsn-core', 'ahc-supplemental', 'hunger-vital-sign', 'ucla-3', 'lsns-6', 'poverty']))
    .default(['ahc-hrsn-core', 'ahc-supplemental', 'hunger-vital-sign', 'ucla-3', 'lsns-6', 'poverty']),
  draftRetentionHours: z.number().int().min(1).max(72).default(8),
  receiptRetentionDays: z.number().int().min(1).max(3650).default(90),
  staleListingDays: z.number().int().min(1).max(3650).default(180),
  statusPollMinutes: z.number().int().min(1).max(1440).default(15),
  catalogSyncMinutes: z.number().int().min(5).max(10080).default(360),
});
export type Settings = z.infer<typeof Settings>;
export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});
