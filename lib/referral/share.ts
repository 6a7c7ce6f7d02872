import type { PatientContext } from '@/lib/patient/context';
import type { Barrier, CompletedScreening, SdohCategory } from '@/lib/visit/schema';
import type { ChosenProgram } from './programs';
import { isSafetyNeed, type ShareSelection } from './request';

/**
 * The "what will be shared" list: one row per item the patient can refuse, with the minimum-necessary default.
 * Safety content is a single explicit opt-in; a safety need can only be ticked once it is on.
 */
export type ShareItem =
  | {
      key:
        'birthDate' | 'healthNumber' | 'sex' | 'contact' | 'language' | 'interests' | 'strengths' | 'safety';
      kind: 'flag';
    }
  | { key: `need:${string}`; kind: 'need'; need: SdohCategory }
  | { key: `screening:${string}`; kind: 'screening'; screening: CompletedScreening }
  | { key: `goal:${number}`; kind: 'goal'; goal: string }
  | { key: `barrier:${string}`; kind: 'barrier'; barrier: Barrier }
  | { key: `program:${string}`; kind: 'program'; program: ChosenProgram };

export interface ShareContext {
  patient: PatientContext;
  needs: readonly SdohCategory[];
  screenings: readonly CompletedScreening[];
  goals: readonly string[];
  interests: boolean;
  strengths: boolean;
  barriers: readonly Barrier[];
  programs: readonly ChosenProgram[];
  hasContactDetail: boolean;
  hasLanguage: boolean;
}

const DEFAULT_OFF = new Set(['sex', 'strengths', 'safety']);

export function hasSafetyContent(ctx: Pick<ShareContext, 'needs' | 'screenings'>): boolean {
  return (
    ctx.needs.some(isSafetyNeed) ||
    ctx.screenings.some((s) => s.result.safetyConcern || s.instrumentId === 'ahc-hrsn-core')
  );
}

export function shareItems(ctx: ShareContext): ShareItem[] {
  const items: ShareItem[] = [];
  const flag = (key: Extract<ShareItem, { kind: 'flag' }>['key']) => items.push({ key, kind: 'flag' });
  if (ctx.patient.birthDate) flag('birthDate');
  if (ctx.patient.identifiers.some((i) => (i.kind === 'on-hcn' || i.kind === 'bc-phn') && i.valid))
    flag('healthNumber');
  if (ctx.patient.sex) flag('sex');
  if (ctx.hasContactDetail) flag('contact');
  if (ctx.hasLanguage) flag('language');
  for (const need of ctx.needs) items.push({ key: `need:${need}`, kind: 'need', need });
  for (const screening of ctx.screenings)
    items.push({ key: `screening:${screening.id}`, kind: 'screening', screening });
  ctx.goals.forEach((goal, i) => items.push({ key: `goal:${i}`, kind: 'goal', goal }));
  if (ctx.interests) flag('interests');
  if (ctx.strengths) flag('strengths');
  for (const barrier of ctx.barriers) items.push({ key: `barrier:${barrier}`, kind: 'barrier', barrier });
  for (const program of ctx.programs) items.push({ key: `program:${program.id}`, kind: 'program', program });
  if (hasSafetyContent(ctx)) flag('safety');
  return items;
}

/** Minimum necessary: on unless listed off; safety needs only with the safety opt-in. */
export function isShared(item: ShareItem, overrides: Readonly<Record<string, boolean>>): boolean {
  const explicit = overrides[item.key];
  if (item.kind === 'need' && isSafetyNeed(item.need)) return !!overrides.safety && explicit !== false;
  if (explicit !== undefined) return explicit;
  return !DEFAULT_OFF.has(item.key);
}

/** Turns the ticked rows into the consent's share selection. */
export function toShareSelection(
  items: readonly ShareItem[],
  overrides: Readonly<Record<string, boolean>>,
): ShareSelection {
  const on = items.filter((i) => isShared(i, overrides));
  const flag = (k: string) => on.some((i) => i.key === k);
  return {
    birthDate: flag('birthDate'),
    healthNumber: flag('healthNumber'),
    sex: flag('sex'),
    contact: flag('contact'),
    language: flag('language'),
    needs: on.flatMap((i) => (i.kind === 'need' ? [i.need] : [])),
    screeningIds: on.flatMap((i) => (i.kind === 'screening' ? [i.screening.id] : [])),
    goals: on.flatMap((i) => (i.kind === 'goal' ? [i.goal] : [])),
    interests: flag('interests'),
    strengths: flag('strengths'),
    barriers: on.flatMap((i) => (i.kind === 'barrier' ? [i.barrier] : [])),
    programIds: on.flatMap((i) => (i.kind === 'program' ? [i.program.id] : [])),
    safety: flag('safety'),
  };
}
