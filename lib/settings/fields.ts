import type { SettingKey } from './schema';

/** How each setting is edited on the options page. Grouped for the form; the keys are the input `name`s. */
export type FieldKind = 'text' | 'url' | 'secret' | 'number' | 'language' | 'lines' | 'instruments';
export interface FieldSpec {
  key: SettingKey;
  kind: FieldKind;
}
export interface FieldGroup {
  id: 'navigator' | 'catalog' | 'clinic' | 'emr' | 'retention';
  fields: FieldSpec[];
}

export const FIELD_GROUPS: FieldGroup[] = [
  {
    id: 'navigator',
    fields: [
      { key: 'navigatorName', kind: 'text' },
      { key: 'navigatorFhirBaseUrl', kind: 'url' },
      { key: 'navigatorToken', kind: 'secret' },
      { key: 'navigatorProfiles', kind: 'lines' },
      { key: 'statusPollMinutes', kind: 'number' },
    ],
  },
  {
    id: 'catalog',
    fields: [
      { key: 'catalogHsdsBaseUrl', kind: 'url' },
      { key: 'catalogToken', kind: 'secret' },
      { key: 'catalogSyncMinutes', kind: 'number' },
      { key: 'staleListingDays', kind: 'number' },
    ],
  },
  {
    id: 'clinic',
    fields: [
      { key: 'clinicName', kind: 'text' },
      { key: 'clinicIdentifier', kind: 'text' },
      { key: 'clinicLatitude', kind: 'number' },
      { key: 'clinicLongitude', kind: 'number' },
      { key: 'practitionerName', kind: 'text' },
      { key: 'practitionerIdentifier', kind: 'text' },
      { key: 'userIdentity', kind: 'text' },
      { key: 'defaultLanguage', kind: 'language' },
      { key: 'enabledInstruments', kind: 'instruments' },
    ],
  },
  { id: 'emr', fields: [{ key: 'emrOrigins', kind: 'lines' }] },
  {
    id: 'retention',
    fields: [
      { key: 'draftRetentionHours', kind: 'number' },
      { key: 'receiptRetentionDays', kind: 'number' },
    ],
  },
];
