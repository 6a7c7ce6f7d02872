/**
 * Prescribe (issue 6): needs → programs (or "let the navigator choose") → consent and what will be shared → contact
 * and language → one button "Send social prescription". Then the chart note (Copy / Insert into note) and the
 * patient handout (Print). Without a navigator: the 211 route, with the same note and handout.
 *
 * Quick path (clinic staff, `quick`): the shell's "Quick referral" opens this screen with a compact needs picker;
 * click a need (1), tick consent, click Send (2): ≤ 3 clicks plus consent. "Let the navigator choose" is on when no
 * program was chosen; who asked defaults to the configured practitioner or user.
 *
 * Test ids and field names (stable for e2e):
 * - prescribe-screen (data-mode="full|quick"), quick-need (data-need, aria-pressed), prescribe-need (data-need),
 *   prescribe-program (data-program), no-navigator, route-211
 * - consent-given (checkbox), fields name="consentAskedBy" | "consentAskedAt" | "consentMethod" (radios verbal|written)
 * - share-list, share-item (name="share", value/data-key = item key: birthDate, healthNumber, sex, contact, language,
 *   need:<category>, screening:<id>, goal:<n>, interests, strengths, barrier:<b>, program:<id>, safety)
 * - name="letNavigatorChoose", "contactPreference" (radios phone|text|email|none), "contactPhone", "contactEmail",
 *   "preferredLanguage" (select en|fr|other), "preferredLanguageOther", "priority" (select), "doNotContact"
 * - send-prescription (button), prescription-issues, prescription-status (data-state = queued|sent|needs-attention|
 *   accepted|…|invalid), new-prescription
 * - chart-note, copy-note, insert-note (only with `insertNote`), note-feedback, print-handout, handout-preview
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChartNoteBox } from '@/components/referral/ChartNoteBox';
import { NeedPicker } from '@/components/referral/NeedPicker';
import { ShareList } from '@/components/referral/ShareList';
import { createI18n } from '@/lib/i18n';
import type { MessageClient } from '@/lib/messaging/client';
import type { PatientContext } from '@/lib/patient/context';
import { buildHandoutHtml } from '@/lib/referral/handout';
import { buildChartNote, type NoteStatus, type Translate } from '@/lib/referral/note';
import type { ChosenProgram, ProgramDetails } from '@/lib/referral/programs';
import {
  describeIssues,
  isSafetyNeed,
  ReferralRequest,
  type ReferralRequestInput,
} from '@/lib/referral/request';
import { shareItems, toShareSelection } from '@/lib/referral/share';
import type { Settings } from '@/lib/settings/schema';
import type { ContactPreference, SdohCategory, Visit } from '@/lib/visit/schema';
import { openHandoutForPrint } from './handoutWindow';
import { usePrescription } from './usePrescription';
import './prescribe.css';

export interface PrescribeScreenProps {
  patient: PatientContext;
  visit: Visit;
  onVisitChange: (v: Visit) => Promise<void>;
  lang: 'en' | 'fr';
  settings: Settings;
  send: MessageClient;
  /** Quick referral for clinic staff: needs are marked here directly. */
  quick?: boolean;
  /** The EMR adapter's "insert at the cursor of the note field" (never saves the EMR form). */
  insertNote?: (text: string) => Promise<boolean>;
  /** Catalog details of the visit's chosen programs (map catalog cards with `fromCatalogProgram`). */
  programs?: readonly ProgramDetails[];
}

const pad = (n: number) => String(n).padStart(2, '0');
function localNow(d = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
function toIso(local: string): string | null {
  const t = new Date(local).getTime();
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
const fixedT =
  (t: (key: string, options?: Record<string, unknown>) => unknown): Translate =>
  (key, options) =>
    String(t(key, options));

export function PrescribeScreen(props: PrescribeScreenProps) {
  const {
    patient,
    visit,
    onVisitChange,
    lang,
    settings,
    send,
    quick = false,
    insertNote,
    programs = [],
  } = props;
  const { t: tr } = useTranslation('referral');
  const t = fixedT(tr as (key: string, options?: Record<string, unknown>) => unknown);
  const [referralId, setReferralId] = useState(() => crypto.randomUUID());
  const [askedBy, setAskedBy] = useState(settings.practitionerName || settings.userIdentity);
  const [askedAt, setAskedAt] = useState(() => localNow());
  const [method, setMethod] = useState<'verbal' | 'written'>('verbal');
  const [consentGiven, setConsentGiven] = useState(false);
  const [overrides, setOverrides] = useState<Record<string, boolean>>({});
  const [preference, setPreference] = useState<ContactPreference>('phone');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const initialLang = visit.whatMatters.preferredLanguage || lang;
  const [languageChoice, setLanguageChoice] = useState(
    initialLang === 'en' || initialLang === 'fr' ? initialLang : 'other',
  );
  const [languageOther, setLanguageOther] = useState(
    initialLang === 'en' || initialLang === 'fr' ? '' : initialLang,
  );
  const [priority, setPriority] = useState<'routine' | 'urgent'>('routine');
  const [doNotContact, setDoNotContact] = useState(false);
  const [issues, setIssues] = useState<string[]>([]);
  const [route211, setRoute211] = useState(false);
  const [popupBlocked, setPopupBlocked] = useState(false);
  // The preview iframe is created only once the clinician opens it: creating a browsing context costs ~10 ms, and on
  // "queued" it would otherwise delay showing the status (referral.enqueue.ms).
  const [previewOpen, setPreviewOpen] = useState(false);
  const { submit, queued, state } = usePrescription(send, referralId);
  // Opening the screen drains what is queued and readies the background (validator) for a fast send.
  useEffect(() => {
    void send('outbox.drain', { reason: 'panel-open' }).catch(() => undefined);
  }, [send]);

  const navigatorConfigured = !!settings.navigatorFhirBaseUrl;
  const navigatorName = settings.navigatorName || settings.navigatorFhirBaseUrl;
  const needs = visit.confirmedNeeds;
  const chosen: ChosenProgram[] = visit.chosenProgramIds.map((id) => {
    const d = programs.find((p) => p.id === id);
    return { id, name: d?.name ?? id };
  });
  // With no program chosen the navigator chooses (the usual social-prescribing hand-off), unless the user unticks it.
  const [letChooseTouched, setLetChooseTouched] = useState(false);
  const letChoose = letChooseTouched
    ? visit.letNavigatorChoose
    : visit.letNavigatorChoose || chosen.length === 0;
  const preferredLanguage = languageChoice === 'other' ? languageOther.trim() : languageChoice;
  const hasContactDetail =
    ((preference === 'phone' || preference === 'text') && phone.trim() !== '') ||
    (preference === 'email' && email.trim() !== '');
  const wm = visit.whatMatters;
  const items = shareItems({
    patient,
    needs,
    screenings: visit.screenings,
    goals: wm.goals,
    interests: wm.interests.length > 0 || wm.interestsText.trim() !== '',
    strengths: wm.strengths.trim() !== '',
    barriers: wm.barriers,
    programs: chosen,
    hasContactDetail,
    hasLanguage: preferredLanguage !== '',
  });
  const share = toShareSelection(items, overrides);
  const locked = submit.isPending || queued;

  const requestInput = (): ReferralRequestInput => ({
    referralId,
    authoredAt: new Date().toISOString(),
    language: lang,
    patient,
    contact: { preference, phone: phone.trim(), email: email.trim() },
    preferredLanguage,
    priority,
    needs: [...needs],
    screenings: visit.screenings,
    whatMatters: {
      goals: wm.goals,
      interests: wm.interests,
      interestsText: wm.interestsText,
      strengths: wm.strengths,
      barriers: wm.barriers,
    },
    programs: chosen,
    letNavigatorChoose: letChoose,
    doNotContact,
    consent: {
      askedBy: askedBy.trim(),
      askedAt: toIso(askedAt) ?? '',
      method,
      expressConsent: consentGiven as true,
      share,
    },
    settings: {
      navigatorFhirBaseUrl: settings.navigatorFhirBaseUrl,
      navigatorName: settings.navigatorName,
      clinicName: settings.clinicName,
      clinicIdentifier: settings.clinicIdentifier,
      practitionerName: settings.practitionerName,
      practitionerIdentifier: settings.practitionerIdentifier,
      profiles: settings.navigatorProfiles,
      userIdentity: settings.userIdentity,
    },
  });

  const onSend = () => {
    const problems: string[] = [];
    if (needs.length === 0) problems.push(t('needs.none'));
    if (chosen.length === 0 && !letChoose) problems.push(t('programs.needOne'));
    if (!askedBy.trim()) problems.push(t('consent.askedByRequired'));
    if (!consentGiven) problems.push(t('consent.required'));
    if (problems.length) return setIssues(problems);
    const parsed = ReferralRequest.safeParse(requestInput());
    if (!parsed.success) return setIssues(describeIssues(parsed.error));
    setIssues([]);
    submit.mutate(parsed.data, {
      onSuccess: (r) =>
        setIssues(
          r.state === 'invalid'
            ? r.issues.map((i) => (i === 'no-navigator' || i === 'navigator-changed' ? t(`issue.${i}`) : i))
            : [],
        ),
      onError: (e) => setIssues([t('send.failed', { code: e instanceof Error ? e.message : 'error' })]),
    });
  };

  const toggleNeed = (need: SdohCategory) => {
    const next = needs.includes(need) ? needs.filter((n) => n !== need) : [...needs, need];
    void onVisitChange({ ...visit, confirmedNeeds: next });
  };

  const reset = () => {
    setReferralId(crypto.randomUUID());
    setConsentGiven(false);
    setOverrides({});
    setIssues([]);
    setAskedAt(localNow());
    submit.reset();
  };

  // Status: "queued" after the durable write, "sent" only once a 2xx is recorded.
  const status: NoteStatus = route211 ? 'route-211' : queued ? (state?.state ?? 'queued') : 'not-sent';
  const statusText = (): string => {
    if (state?.paused && status === 'queued') return t('status.paused');
    if (status === 'queued') return t('status.queued');
    if (status === 'sent') return t('status.sent', { navigator: navigatorName });
    if (status === 'needs-attention') {
      const code = state?.code ?? '';
      const known = [
        'navigator-changed',
        'payload-unreadable',
        'payload-missing',
        'bundle-invalid',
        'http-400',
        'http-404',
        'http-412',
        'http-422',
      ];
      const base = known.includes(code) ? t(`issue.${code}`) : t('issue.generic', { code });
      return t('status.needs-attention', { reason: state?.reason ? `${base} ${state.reason}` : base });
    }
    return t('status.other', { state: t(`state.${status}`) });
  };

  const noteText = buildChartNote(
    {
      date: new Date().toISOString(),
      screenings: visit.screenings,
      needs: route211 ? needs.filter((n) => !isSafetyNeed(n)) : share.needs,
      programs: route211 ? chosen : chosen.filter((p) => share.programIds.includes(p.id)),
      letNavigatorChoose: letChoose,
      consent: route211
        ? null
        : { askedBy: askedBy.trim(), askedAt: toIso(askedAt) ?? '', method, expressConsent: true, share },
      contact: { preference, phone, email },
      preferredLanguage,
      navigatorName,
      referralId: route211 ? null : referralId,
      status,
      language: lang,
    },
    t,
  );

  const handoutLang: 'en' | 'fr' =
    preferredLanguage === 'fr' || preferredLanguage === 'en' ? preferredLanguage : lang;
  const handoutT = useMemo(
    () => fixedT(createI18n(handoutLang).getFixedT(handoutLang, 'referral')),
    [handoutLang],
  );
  const handoutHtml = buildHandoutHtml(
    {
      language: handoutLang,
      date: new Date().toISOString(),
      patientName: patient.displayName,
      programs: visit.chosenProgramIds.map(
        (id) =>
          programs.find((p) => p.id === id) ?? {
            id,
            name: id,
            organization: '',
            description: handoutT('programs.detailsMissing'),
            address: '',
            hours: '',
            cost: '',
            free: null,
            howToJoin: '',
            phone: '',
            email: '',
            url: '',
            verifiedAt: '',
          },
      ),
      letNavigatorChoose: letChoose,
      navigatorName: route211 ? '' : navigatorName,
      contact: { preference: doNotContact ? 'none' : preference, phone, email },
    },
    handoutT,
  );

  const showDocuments = route211 || queued;

  return (
    <section
      className="prescribe"
      data-testid="prescribe-screen"
      data-mode={quick ? 'quick' : 'full'}
      aria-labelledby="rx-title"
    >
      <h2 id="rx-title">{quick ? t('quickTitle') : t('title')}</h2>

      {!navigatorConfigured && (
        <div className="notice" data-testid="no-navigator" role="note">
          <h3>{t('noNavigator.title')}</h3>
          <p>{t('noNavigator.body')}</p>
          {!route211 && (
            <button type="button" data-testid="route-211" onClick={() => setRoute211(true)}>
              {t('noNavigator.route211')}
            </button>
          )}
        </div>
      )}

      <fieldset disabled={locked}>
        <legend>{t('needs.legend')}</legend>
        {quick ? (
          <NeedPicker selected={needs} onToggle={toggleNeed} />
        ) : needs.length ? (
          <ul className="plain">
            {needs.map((n) => (
              <li key={n} data-testid="prescribe-need" data-need={n}>
                {t(`need.${n}`)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('needs.none')}</p>
        )}
        {needs.some(isSafetyNeed) && (
          <p className="warning" role="note">
            {t('needs.safetyWarning')}
          </p>
        )}
      </fieldset>

      <fieldset disabled={locked}>
        <legend>{t('programs.legend')}</legend>
        {chosen.length ? (
          <ul className="plain">
            {chosen.map((p) => (
              <li key={p.id} data-testid="prescribe-program" data-program={p.id}>
                {p.name}
                {!programs.some((d) => d.id === p.id) && (
                  <span className="hint"> ({t('programs.detailsMissing')})</span>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('programs.none')}</p>
        )}
        <label>
          <input
            type="checkbox"
            name="letNavigatorChoose"
            checked={letChoose}
            onChange={(e) => {
              setLetChooseTouched(true);
              void onVisitChange({ ...visit, letNavigatorChoose: e.target.checked });
            }}
          />{' '}
          {t('programs.letNavigatorChoose')}
        </label>
      </fieldset>

      {navigatorConfigured && !route211 && (
        <>
          <fieldset disabled={locked}>
            <legend>{t('contact.legend')}</legend>
            <fieldset className="inline">
              <legend>{t('contact.preference')}</legend>
              {(['phone', 'text', 'email', 'none'] as const).map((p) => (
                <label key={p}>
                  <input
                    type="radio"
                    name="contactPreference"
                    value={p}
                    checked={preference === p}
                    onChange={() => setPreference(p)}
                  />{' '}
                  {t(`contact.${p}`)}
                </label>
              ))}
            </fieldset>
            {(preference === 'phone' || preference === 'text') && (
              <label>
                {t('contact.phoneNumber')}
                <input
                  name="contactPhone"
                  type="tel"
                  autoComplete="off"
                  value={phone}
                  onChange={(e) => setPhone(e.target.value)}
                />
              </label>
            )}
            {preference === 'email' && (
              <label>
                {t('contact.emailAddress')}
                <input
                  name="contactEmail"
                  type="email"
                  autoComplete="off"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                />
              </label>
            )}
            <label>
              {t('contact.language')}
              <select
                name="preferredLanguage"
                value={languageChoice}
                onChange={(e) => setLanguageChoice(e.target.value)}
              >
                <option value="en">{t('contact.en')}</option>
                <option value="fr">{t('contact.fr')}</option>
                <option value="other">{t('contact.other')}</option>
              </select>
            </label>
            {languageChoice === 'other' && (
              <label>
                {t('contact.languageOther')}
                <input
                  name="preferredLanguageOther"
                  value={languageOther}
                  onChange={(e) => setLanguageOther(e.target.value)}
                />
              </label>
            )}
            <label>
              {t('contact.priority')}
              <select
                name="priority"
                value={priority}
                onChange={(e) => setPriority(e.target.value === 'urgent' ? 'urgent' : 'routine')}
              >
                <option value="routine">{t('contact.routine')}</option>
                <option value="urgent">{t('contact.urgent')}</option>
              </select>
            </label>
            {share.safety && (
              <label>
                <input
                  type="checkbox"
                  name="doNotContact"
                  checked={doNotContact}
                  onChange={(e) => setDoNotContact(e.target.checked)}
                />{' '}
                {t('share.doNotContact')}
              </label>
            )}
          </fieldset>

          <fieldset disabled={locked}>
            <legend>{t('consent.legend')}</legend>
            <label>
              {t('consent.askedBy')}
              <input
                name="consentAskedBy"
                value={askedBy}
                onChange={(e) => setAskedBy(e.target.value)}
                autoComplete="off"
              />
            </label>
            <label>
              {t('consent.askedAt')}
              <input
                name="consentAskedAt"
                type="datetime-local"
                value={askedAt}
                onChange={(e) => setAskedAt(e.target.value)}
              />
            </label>
            <fieldset className="inline">
              <legend>{t('consent.method')}</legend>
              {(['verbal', 'written'] as const).map((m) => (
                <label key={m}>
                  <input
                    type="radio"
                    name="consentMethod"
                    value={m}
                    checked={method === m}
                    onChange={() => setMethod(m)}
                  />{' '}
                  {t(`consent.${m}`)}
                </label>
              ))}
            </fieldset>
            <ShareList
              items={items}
              overrides={overrides}
              contactMethod={t(`contact.${preference}`)}
              onChange={(key, on) =>
                setOverrides((o) => {
                  const next = { ...o, [key]: on };
                  // Turning safety off also drops any safety need that was added with it.
                  if (key === 'safety' && !on)
                    for (const n of needs.filter(isSafetyNeed)) next[`need:${n}`] = false;
                  return next;
                })
              }
            />
            <label className="consent">
              <input
                type="checkbox"
                data-testid="consent-given"
                checked={consentGiven}
                onChange={(e) => setConsentGiven(e.target.checked)}
              />{' '}
              {t('consent.given', { navigator: navigatorName })}
            </label>
          </fieldset>

          {!queued && (
            <button
              type="button"
              className="primary send"
              data-testid="send-prescription"
              disabled={submit.isPending}
              onClick={onSend}
            >
              {submit.isPending ? t('send.saving') : t('send.button')}
            </button>
          )}
          {issues.length > 0 && (
            <div className="error" role="alert" data-testid="prescription-issues">
              <p>{t('send.invalid')}</p>
              <ul>
                {issues.map((i) => (
                  <li key={i}>{i}</li>
                ))}
              </ul>
            </div>
          )}
          {queued && (
            <div
              className="status"
              role="status"
              aria-live="polite"
              data-testid="prescription-status"
              data-state={status}
            >
              <p>{statusText()}</p>
              <p className="hint">{t('status.referralId', { id: referralId })}</p>
              <button type="button" className="secondary" data-testid="new-prescription" onClick={reset}>
                {t('send.newOne')}
              </button>
            </div>
          )}
        </>
      )}

      {showDocuments && (
        <>
          <ChartNoteBox
            text={noteText}
            copy={(text) => navigator.clipboard.writeText(text)}
            insertNote={insertNote}
          />
          <section className="handout" aria-labelledby="rx-handout">
            <h3 id="rx-handout">{t('handout.preview')}</h3>
            <button
              type="button"
              data-testid="print-handout"
              onClick={() => setPopupBlocked(!openHandoutForPrint(handoutHtml))}
            >
              {t('handout.print')}
            </button>
            {popupBlocked && <p className="error">{t('handout.popupBlocked')}</p>}
            <details onToggle={(e) => setPreviewOpen(e.currentTarget.open)}>
              <summary>{t('handout.preview')}</summary>
              {previewOpen && (
                <iframe
                  data-testid="handout-preview"
                  title={t('handout.preview')}
                  sandbox=""
                  srcDoc={handoutHtml}
                  lang={handoutLang}
                />
              )}
            </details>
          </section>
        </>
      )}
    </section>
  );
}
