import type { SdohCategory } from '@/lib/visit/schema';
import { DECLINED, type AnswerOption, type CodeRef, type Text } from '../types';

export const LOINC = 'http://loinc.org';
/**
 * Local code systems for instruments without verified LOINC item/answer codes (UCLA-3 items, LSNS-6, the Canadian
 * poverty question). URNs under the project's namespace: stable, never tied to a host name.
 */
export const LOCAL = {
  ucla3: 'urn:social-rx:codesystem:ucla-3',
  lsns6: 'urn:social-rx:codesystem:lsns-6',
  poverty: 'urn:social-rx:codesystem:poverty',
} as const;

export const loinc = (code: string, display?: string): CodeRef =>
  display ? { system: LOINC, code, display } : { system: LOINC, code };

/** "Prefer not to answer" — on every item, always last (so it is both the last number key and 0). */
export const DECLINED_OPTION: AnswerOption = {
  value: DECLINED,
  text: { en: 'Prefer not to answer', fr: 'Préfère ne pas répondre' },
  exclusive: true,
};

/** A LOINC-coded answer whose `value` is its LA code. */
export function la(
  code: string,
  display: string,
  fr: string,
  extra: {
    positive?: readonly SdohCategory[];
    score?: number;
    exclusive?: boolean;
    dataAbsent?: boolean;
  } = {},
): AnswerOption {
  return { value: code, code: loinc(code, display), text: { en: display, fr }, ...extra };
}

export const YES_NO = (positive: readonly SdohCategory[]): AnswerOption[] => [
  la('LA33-6', 'Yes', 'Oui', { positive }),
  la('LA32-8', 'No', 'Non'),
];

export const t = (en: string, fr: string): Text => ({ en, fr });
