/**
 * Screening in the visit (issue 4). Rendered by the panel shell with the current patient's visit.
 *
 * KEYBOARD FLOW (everything works without a mouse; the same help is shown on screen):
 * - Paths: the "Full screen" button has focus on arrival; Enter starts it. Tab reaches the other paths (isolation,
 *   quick needs, what matters, results) and the extras checkboxes (Space ticks).
 * - A question: keys 1..n pick the nth answer, where n counts "prefer not to answer" (always last); 0 also means
 *   "prefer not to answer". On a single-choice question the number answers AND moves to the next question. On the
 *   multiple-choice AHC housing question numbers tick/untick; "None of the above" (8) or 0 answers and moves on, and
 *   Enter moves on after ticking. Enter = next (an answer is required: 0 declines), Backspace = previous question,
 *   including back into the previous questionnaire of the path. Arrow keys / Space / clicks choose an answer without
 *   moving on (WCAG 3.2.2); then Enter or the Next button.
 *   → AHC core by keyboard: Enter + one key per question = 11 inputs.
 * - Focus follows the flow: the chosen (or first) answer of each new question, the results heading, the form heading.
 * - Results: Tab to each "Act on" checkbox (Space), or press 1..9 to tick the nth need.
 * - Safety: as soon as an answer raises a safety concern the safety panel (role="alert") appears above the flow.
 *
 * Test ids: screen-path-full / -isolation / -quick / -what-matters / -results, screen-extra, screen-item
 * (data-linkid), screen-option (data-value), screen-results, screen-result, screen-total, possible-need (data-domain),
 * confirm-need (data-domain), safety-panel, what-matters, quick-needs, earlier-screening, screen-resume,
 * translation-status.
 *
 * Drafts: the answers so far live in `visit.screeningDraft` and every change goes to `onVisitChange` (the shell stores
 * the visit encrypted per patient and purges it on patient change); reopening the panel resumes the draft. Each
 * questionnaire is recorded in `visit.screenings` the moment its last question is answered.
 */
import { useCallback, useEffect, useReducer } from 'react';
import { useTranslation } from 'react-i18next';
import { SafetyPanel } from '@/components/screening/SafetyPanel';
import type { PatientContext } from '@/lib/patient/context';
import { patientKey } from '@/lib/patient/context';
import { instrumentsEnabled } from '@/lib/screening/instruments';
import { draftSafetyConcern, latestScreenings, visitHasSafetyConcern } from '@/lib/screening/flow';
import { SAFETY_LINK_IDS } from '@/lib/screening/instruments/ahc-hrsn-core';
import { DECLINED } from '@/lib/screening/types';
import type { CompletedScreening, Visit } from '@/lib/visit/schema';
import { HomeView } from './HomeView';
import { QuestionsView } from './QuestionsView';
import { QuickNeedsView } from './QuickNeedsView';
import { ResultsView } from './ResultsView';
import { initialState, screenReducer, type ScreenAction, type ScreenVisit } from './state';
import { useVisitSync } from './useVisitSync';
import { WhatMattersView } from './WhatMattersView';
import './screening.css';

export interface ScreeningScreenProps {
  patient: PatientContext;
  visit: Visit;
  onVisitChange: (v: Visit) => Promise<void>;
  lang: 'en' | 'fr';
  /** Settings' enabledInstruments ('ahc-supplemental' covers both supplemental items). */
  enabledInstruments: string[];
  /** Completed screenings for this patient from earlier visits, if the shell has them (shown with their dates). */
  earlierScreenings?: readonly CompletedScreening[];
}

function isOlderAdult(birthDate: string | null, now = new Date()): boolean {
  if (!birthDate) return false;
  const [y, m, d] = birthDate.split('-').map(Number);
  if (!y || !m || !d) return false;
  const age =
    now.getFullYear() -
    y -
    (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d) ? 1 : 0);
  return age >= 65;
}

/** Keys typed into text fields, or chorded with a modifier, are never screening answers. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true;
  return (
    target instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit'].includes(target.type)
  );
}

function safetyItemsDeclined(screenings: readonly CompletedScreening[]): boolean {
  const ahc = screenings.find((s) => s.instrumentId === 'ahc-hrsn-core');
  return !!ahc && SAFETY_LINK_IDS.some((id) => ahc.answers[id] === DECLINED);
}

function Screen({
  patient,
  visit,
  onVisitChange,
  lang,
  enabledInstruments,
  earlierScreenings = [],
}: ScreeningScreenProps) {
  const { t } = useTranslation('screening');
  const [state, dispatch] = useReducer(screenReducer, visit, initialState);
  const enabled = instrumentsEnabled(enabledInstruments);
  const adopt = useCallback((v: ScreenVisit) => dispatch({ type: 'external', visit: v }), []);
  useVisitSync(state.visit, visit, onVisitChange, adopt);

  const mode = state.mode;
  const draft = state.visit.screeningDraft ?? null;
  useEffect(() => {
    if (mode !== 'questions' && mode !== 'results') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || e.isComposing || isTypingTarget(e.target)) return;
      const onControl = e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement;
      if (e.key === 'Enter' && onControl) return; // the focused button does its own thing
      if (!/^[0-9]$/.test(e.key) && e.key !== 'Enter' && e.key !== 'Backspace') return;
      e.preventDefault();
      dispatch({ type: 'key', key: e.key, now: new Date() });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [mode]);

  const newIds = () => Array.from({ length: 8 }, () => crypto.randomUUID());
  const send = (a: ScreenAction) => dispatch(a);
  const screenings = latestScreenings(state.visit);
  const safety = draftSafetyConcern(draft) || visitHasSafetyConcern(state.visit);
  const earlier = [
    ...earlierScreenings.filter((e) => !state.visit.screenings.some((s) => s.id === e.id)),
    ...state.visit.screenings,
  ];

  return (
    <div className="screening" data-testid="screening" lang={lang}>
      <h1 className="visually-hidden">{t('title')}</h1>
      {safety && <SafetyPanel declinedSafetyItems={safetyItemsDeclined(screenings)} />}
      {mode === 'questions' && draft ? (
        <QuestionsView
          draft={draft}
          lang={lang}
          notice={state.notice}
          focusTick={state.focusTick}
          onPick={(value) => send({ type: 'pick', value })}
          onToggle={(option) => send({ type: 'toggle', option })}
          onNext={() => send({ type: 'next', now: new Date() })}
          onBack={() => send({ type: 'back' })}
          onPause={() => send({ type: 'pause' })}
        />
      ) : mode === 'results' ? (
        <ResultsView
          visit={state.visit}
          lang={lang}
          focusTick={state.focusTick}
          onToggleNeed={(need) => send({ type: 'toggle-need', need })}
          onMode={(m) => send({ type: 'mode', mode: m })}
        />
      ) : mode === 'quick' ? (
        <QuickNeedsView
          visit={state.visit}
          focusTick={state.focusTick}
          onToggleNeed={(need) => send({ type: 'toggle-need', need })}
          onDone={() => send({ type: 'mode', mode: 'home' })}
        />
      ) : mode === 'what-matters' ? (
        <WhatMattersView
          value={state.visit.whatMatters}
          lang={lang}
          focusTick={state.focusTick}
          onChange={(value) => send({ type: 'what-matters', value })}
          onDone={() => send({ type: 'mode', mode: 'home' })}
        />
      ) : (
        <HomeView
          lang={lang}
          enabled={enabled}
          extras={state.extras}
          hasDraft={!!draft}
          olderAdult={isOlderAdult(patient.birthDate)}
          earlier={earlier}
          focusTick={state.focusTick}
          onStart={(path) => send({ type: 'start', path, enabled, lang, now: new Date(), ids: newIds() })}
          onToggleExtra={(id) => send({ type: 'toggle-extra', id })}
          onMode={(m) => send({ type: 'mode', mode: m })}
          onDiscard={() => send({ type: 'discard' })}
        />
      )}
    </div>
  );
}

/** Keyed by patient: a different patient never sees the previous one's screen state, even for one frame. */
export default function ScreeningScreen(props: ScreeningScreenProps) {
  return <Screen key={patientKey(props.patient)} {...props} />;
}
