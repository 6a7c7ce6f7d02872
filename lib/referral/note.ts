import { getInstrument } from '@/lib/screening';
import type { CompletedScreening, SdohCategory } from '@/lib/visit/schema';
import type { ChosenProgram } from './programs';
import type { ReferralState } from './records';
import { isSafetyNeed, type ConsentRecord, type ContactDetails } from './request';

/** A translation function for the `referral` namespace (i18next's getFixedT(lang, 'referral')). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export type NoteStatus = ReferralState | 'not-sent' | 'route-211';

export interface ChartNoteInput {
  /** ISO date-time of the note. */
  date: string;
  screenings: readonly CompletedScreening[];
  /** The needs referred (the shared ones). */
  needs: readonly SdohCategory[];
  programs: readonly ChosenProgram[];
  letNavigatorChoose: boolean;
  /** Null on the 211 route (nothing was disclosed). */
  consent: ConsentRecord | null;
  contact: ContactDetails;
  preferredLanguage: string;
  navigatorName: string;
  referralId: string | null;
  status: NoteStatus;
  language: 'en' | 'fr';
}

const day = (iso: string) => iso.slice(0, 10);

function instrumentName(id: string, lang: 'en' | 'fr'): string {
  try {
    return getInstrument(id).shortTitle[lang];
  } catch {
    return id; // an instrument this build does not know: its id is still meaningful in a chart
  }
}

// Totals keyed by LOINC get a readable name; the AHC safety total is not written out (see `safety` line).
const TOTAL_NAMES: Record<string, string> = { 'ucla-3': 'UCLA-3', 'lsns-6': 'LSNS-6' };

function screeningLine(s: CompletedScreening, t: Translate, lang: 'en' | 'fr'): string {
  const parts: string[] = [];
  if (!s.result.complete) parts.push(t('note.incomplete'));
  const domains = s.result.positiveDomains.map((d) => t(`need.${d}`, { defaultValue: d }));
  parts.push(domains.length ? t('note.positive', { domains: domains.join(', ') }) : t('note.noPositive'));
  const totals = Object.entries(s.result.totals)
    .filter(([k]) => TOTAL_NAMES[k])
    .map(([k, v]) => `${TOTAL_NAMES[k]} ${v}`);
  if (totals.length) parts.push(t('note.totals', { totals: totals.join(', ') }));
  if (s.result.safetyConcern) parts.push(t('note.safety'));
  return t('note.screeningLine', {
    instrument: instrumentName(s.instrumentId, lang),
    date: day(s.completedAt),
    result: parts.join('; '),
  });
}

function sharedItems(c: ConsentRecord, t: Translate): string {
  const s = c.share;
  return [
    t('note.sharedName'),
    s.birthDate && t('note.sharedBirthDate'),
    s.healthNumber && t('note.sharedHealthNumber'),
    s.sex && t('note.sharedSex'),
    s.contact && t('note.sharedContact'),
    s.language && t('note.sharedLanguage'),
    s.needs.length > 0 && t('note.sharedNeeds'),
    s.screeningIds.length > 0 && t('note.sharedScreenings'),
    s.goals.length > 0 && t('note.sharedGoals'),
    s.interests && t('note.sharedInterests'),
    s.strengths && t('note.sharedStrengths'),
    s.barriers.length > 0 && t('note.sharedBarriers'),
    s.programIds.length > 0 && t('note.sharedPrograms'),
    s.safety && t('note.sharedSafety'),
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * The chart note, plain text, in the clinician's language: screening results with dates, needs, programs, consent,
 * referral id and status. Safety answers are never written out (only that a concern was identified and handled).
 */
export function buildChartNote(input: ChartNoteInput, t: Translate): string {
  const lines: string[] = [t('note.heading'), t('note.date', { date: day(input.date) })];
  if (input.screenings.length) {
    lines.push(t('note.screeningHeading'));
    for (const s of input.screenings) lines.push(screeningLine(s, t, input.language));
  }
  const needs = input.needs.filter((n) => !isSafetyNeed(n) || input.consent?.share.safety);
  lines.push(t('note.needsHeading', { needs: needs.map((n) => t(`need.${n}`)).join(', ') || '—' }));
  if (input.programs.length)
    lines.push(t('note.programsHeading', { programs: input.programs.map((p) => p.name).join('; ') }));
  if (input.letNavigatorChoose) lines.push(t('note.navigatorChooses'));
  if (input.status === 'route-211' || !input.consent) {
    lines.push(t('note.route211Line'));
    return lines.join('\n');
  }
  lines.push(
    t('note.consentLine', {
      method: t(`note.${input.consent.method}`),
      navigator: input.navigatorName,
      askedBy: input.consent.askedBy,
      date: day(input.consent.askedAt),
      items: sharedItems(input.consent, t),
    }),
  );
  const contact =
    input.consent.share.contact || input.contact.preference === 'none'
      ? t(`contact.${input.contact.preference}`)
      : '—';
  const language = input.preferredLanguage
    ? input.preferredLanguage === 'en' || input.preferredLanguage === 'fr'
      ? t(`contact.${input.preferredLanguage}`)
      : input.preferredLanguage
    : '—';
  lines.push(t('note.contactLine', { contact, language }));
  if (input.referralId) {
    const status = t(`state.${input.status}`);
    lines.push(t('note.referralLine', { id: input.referralId, status }));
  }
  return lines.join('\n');
}
