import type {
  CodeableConcept,
  Consent,
  Observation,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  Resource,
  Task,
} from '@medplum/fhirtypes';
import { type Action, allowedActions } from '../actions';
import { html, type SafeHtml } from '../html';
import { formatDate, formatDateTime, type Lang } from '../i18n';
import type { ReferralDetail } from '../referrals';
import { conceptText, isUrgent, nameText, patientName, statusLabel } from './format';
import { csrfField, type Flash, layout, type PageContext } from './layout';

const CONTACT_PROHIBITED = 'contacting-subject-prohibited';
const BARRIER_SYSTEM = 'urn:social-rx:barrier';

function languageName(lang: Lang, code: string | undefined): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([lang === 'fr' ? 'fr-CA' : 'en-CA'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function facts(items: [string, SafeHtml | string | undefined | null, string?][]): SafeHtml {
  const shown = items.filter(([, v]) => v !== undefined && v !== null && String(v) !== '');
  return html`<dl class="facts">
    ${shown.map(
      ([k, v, testid]) =>
        html`<dt>${k}</dt>
          <dd ${testid ? html`data-testid="${testid}"` : ''}>${v}</dd>`,
    )}
  </dl>`;
}

function list(items: string[], empty: string, testid: string): SafeHtml {
  return items.length
    ? html`<ul data-testid="${testid}">
        ${items.map((i) => html`<li>${i}</li>`)}
      </ul>`
    : html`<p data-testid="${testid}">${empty}</p>`;
}

function reasonText(r: Resource): string {
  if (r.resourceType === 'Condition') return conceptText(r.code);
  if (r.resourceType === 'Observation') {
    const o = r as Observation;
    const value = o.valueCodeableConcept
      ? conceptText(o.valueCodeableConcept)
      : o.valueQuantity
        ? `${o.valueQuantity.value ?? ''} ${o.valueQuantity.unit ?? ''}`.trim()
        : (o.valueString ??
          (o.valueBoolean !== undefined
            ? String(o.valueBoolean)
            : o.valueInteger !== undefined
              ? String(o.valueInteger)
              : ''));
    return [conceptText(o.code), value].filter(Boolean).join(': ');
  }
  return r.resourceType;
}

function answerText(item: QuestionnaireResponseItem): string {
  return (item.answer ?? [])
    .map(
      (a) =>
        a.valueCoding?.display ??
        a.valueCoding?.code ??
        a.valueString ??
        (a.valueInteger ?? a.valueDecimal ?? a.valueBoolean ?? a.valueDate ?? '').toString(),
    )
    .join('; ');
}

function flattenItems(
  items: QuestionnaireResponseItem[] | undefined,
  out: QuestionnaireResponseItem[] = [],
): QuestionnaireResponseItem[] {
  for (const i of items ?? []) {
    if (i.answer?.length) out.push(i);
    flattenItems(i.item, out);
  }
  return out;
}

function consentBlock(ctx: PageContext, c: Consent, names: Map<string, string>): SafeHtml {
  const { t, lang } = ctx;
  const period = c.provision?.period;
  const valid = period ? `${formatDate(lang, period.start)} – ${formatDate(lang, period.end)}` : '';
  const actions = (c.provision?.action ?? []).map(conceptText).filter(Boolean).join(', ');
  const recipients = (c.provision?.actor ?? [])
    .map(
      (a) => a.reference?.display ?? names.get(a.reference?.reference ?? '') ?? a.reference?.reference ?? '',
    )
    .filter(Boolean)
    .join(', ');
  return facts([
    [t('consentStatus'), c.status, 'consent-status'],
    [t('consentGiven'), formatDateTime(lang, c.dateTime)],
    [t('consentValid'), valid],
    [t('consentActions'), actions],
    [t('consentRecipient'), recipients],
    [t('consentRecord'), c.sourceAttachment?.title],
    [t('consentPolicy'), (c.policy ?? []).map((p) => p.uri ?? p.authority ?? '').join(', ')],
  ]);
}

function screeningBlock(qr: QuestionnaireResponse): SafeHtml {
  const items = flattenItems(qr.item);
  return html`<details>
    <summary>${qr.questionnaire ?? 'QuestionnaireResponse'}</summary>
    <dl class="facts">
      ${items.map(
        (i) =>
          html`<dt>${i.text ?? i.linkId}</dt>
            <dd>${answerText(i)}</dd>`,
      )}
    </dl>
  </details>`;
}

function historyBlock(ctx: PageContext, d: ReferralDetail): SafeHtml {
  const { t, lang } = ctx;
  return html`<ol class="timeline" data-testid="referral-history">
    ${d.history.map((h) => {
      const last = h.task.note?.at(-1)?.text;
      return html`<li>
        <strong>${formatDateTime(lang, h.at)}</strong> —
        ${statusLabel(t, h.task.status)}${h.task.businessStatus ? html` · ${conceptText(h.task.businessStatus)}` : ''}${h.task.statusReason?.text ? html` · ${h.task.statusReason.text}` : ''}${h.version > 1 && last ? html`<br /><span class="hint">${last}</span>` : ''}
      </li>`;
    })}
  </ol>`;
}

function actionForm(
  ctx: PageContext,
  d: ReferralDetail,
  action: Action,
  body: SafeHtml,
  legend: string,
): SafeHtml {
  return html`<form
    method="post"
    action="/inbox/referrals/${encodeURIComponent(d.stored.id)}/action"
    class="action"
    data-testid="form-${action}"
  >
    ${csrfField(ctx)}
    <input type="hidden" name="action" value="${action}" />
    <input type="hidden" name="version" value="${d.stored.versionId}" />
    <fieldset>
      <legend>${legend}</legend>
      ${body} <button type="submit" data-testid="action-${action}">${legend}</button>
    </fieldset>
  </form>`;
}

function actionsBlock(ctx: PageContext, d: ReferralDetail): SafeHtml {
  const { t } = ctx;
  const allowed = allowedActions((d.task as Task).status);
  if (allowed.length === 0) return html`<p data-testid="no-actions">${t('noActions')}</p>`;
  const forms: Record<Action, () => SafeHtml> = {
    accept: () => actionForm(ctx, d, 'accept', html``, t('actionAccept')),
    'in-progress': () => actionForm(ctx, d, 'in-progress', html``, t('actionInProgress')),
    reject: () =>
      actionForm(
        ctx,
        d,
        'reject',
        html`<label for="reject-reason">${t('rejectReason')}</label>
          <textarea
            id="reject-reason"
            name="reason"
            required
            maxlength="1000"
            data-testid="reject-reason"
          ></textarea>`,
        t('actionReject'),
      ),
    contact: () =>
      actionForm(
        ctx,
        d,
        'contact',
        html`<label for="contact-outcome">${t('contactOutcome')}</label>
          <select id="contact-outcome" name="outcome" data-testid="contact-outcome">
            <option value="reached">${t('contactReached')}</option>
            <option value="no-answer">${t('contactNoAnswer')}</option>
            <option value="message">${t('contactMessage')}</option>
            <option value="wrong-number">${t('contactWrongNumber')}</option>
          </select>
          <label for="contact-note">${t('contactNote')}</label>
          <textarea id="contact-note" name="note" maxlength="2000" data-testid="contact-note"></textarea>`,
        t('actionContact'),
      ),
    connected: () =>
      actionForm(
        ctx,
        d,
        'connected',
        html`<label for="connected-program">${t('connectedProgram')}</label>
          <input
            type="text"
            id="connected-program"
            name="program"
            required
            maxlength="200"
            list="program-names"
            data-testid="connected-program"
            value="${chosenPrograms(d)[0] ?? ''}"
          />
          <datalist id="program-names">
            ${chosenPrograms(d).map((p) => html`<option value="${p}"></option>`)}
          </datalist>
          <label for="connected-note">${t('connectedNote')}</label>
          <textarea
            id="connected-note"
            name="note"
            maxlength="2000"
            data-testid="connected-note"
          ></textarea>`,
        t('actionConnected'),
      ),
    complete: () =>
      actionForm(
        ctx,
        d,
        'complete',
        html`<label for="complete-outcome">${t('completeOutcome')}</label>
          <textarea
            id="complete-outcome"
            name="outcome"
            required
            maxlength="300"
            data-testid="complete-outcome"
          ></textarea>`,
        t('actionComplete'),
      ),
    cancel: () =>
      actionForm(
        ctx,
        d,
        'cancel',
        html`<label for="cancel-reason">${t('cancelReason')}</label>
          <textarea
            id="cancel-reason"
            name="reason"
            required
            maxlength="1000"
            data-testid="cancel-reason"
          ></textarea>`,
        t('actionCancel'),
      ),
  };
  return html`<p class="hint">${t('notesShared')}</p>
    <div class="actions-grid">${allowed.map((a) => forms[a]())}</div>`;
}

function chosenPrograms(d: ReferralDetail): string[] {
  const navigatorRef = d.task.owner?.reference;
  return (d.serviceRequest?.performer ?? [])
    .filter(
      (p) => p.reference !== navigatorRef && (p.type === 'HealthcareService' || p.identifier || !p.reference),
    )
    .map((p) => p.display ?? p.identifier?.value ?? '')
    .filter(Boolean);
}

function orderDetails(d: ReferralDetail): CodeableConcept[] {
  return d.serviceRequest?.orderDetail ?? [];
}

export function detailPage(ctx: PageContext, d: ReferralDetail, flash?: Flash): string {
  const { t, lang } = ctx;
  const task = d.task;
  const sr = d.serviceRequest;
  const name = patientName(d.patient, t);
  const noContact = orderDetails(d).some((c) => c.coding?.some((k) => k.code === CONTACT_PROHIBITED));
  const barriers = orderDetails(d)
    .filter((c) => c.coding?.some((k) => k.system === BARRIER_SYSTEM))
    .map((c) => (c.text ?? c.coding?.[0]?.code ?? '').replace(/^Barrier:\s*/, ''));
  const preferred = d.patient?.communication?.find((c) => c.preferred) ?? d.patient?.communication?.[0];
  const telecom = [...(d.patient?.telecom ?? [])].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99));
  const needs = [
    ...new Set([...(sr?.category ?? []).map(conceptText), ...d.reasons.map(reasonText)].filter(Boolean)),
  ];
  const requester = [nameText(d.requester.practitioner?.name), d.requester.organization]
    .filter(Boolean)
    .join(', ');
  const body = html`<p><a href="/inbox">${t('backToList')}</a></p>
    <h1 data-testid="referral-title">${t('referralTitle', { name })}</h1>
    ${noContact ? html`<p class="warning" data-testid="do-not-contact">${t('doNotContact')}</p>` : ''}
    <section aria-labelledby="h-summary">
      <h2 id="h-summary">${t('sectionSummary')}</h2>
      ${facts([
        [t('status'), statusLabel(t, task.status), 'referral-status'],
        [t('businessStatus'), conceptText(task.businessStatus), 'referral-stage'],
        [t('statusReason'), task.statusReason?.text, 'referral-reason'],
        [
          t('priority'),
          isUrgent(task) ? html`<span class="badge urgent">${t('urgent')}</span>` : t('routine'),
        ],
        [t('received'), formatDateTime(lang, task.authoredOn)],
        [t('referredBy'), requester],
        [t('clinic'), d.clinic],
      ])}
    </section>
    <section aria-labelledby="h-patient">
      <h2 id="h-patient">${t('sectionPatient')}</h2>
      ${facts([
        [t('colPatient'), name, 'patient-name'],
        [t('birthDate'), formatDate(lang, d.patient?.birthDate)],
        [
          t('preferredLanguage'),
          languageName(lang, preferred?.language?.coding?.[0]?.code) || conceptText(preferred?.language),
          'patient-language',
        ],
        [
          t('contactPreference'),
          noContact
            ? t('doNotContact')
            : telecom.length
              ? telecom.map((c) => `${c.system ?? ''}: ${c.value ?? ''}`).join(' · ')
              : t('noneShared'),
          'patient-contact',
        ],
      ])}
    </section>
    <section aria-labelledby="h-needs">
      <h2 id="h-needs">${t('sectionNeeds')}</h2>
      ${list(needs, t('noneShared'), 'referral-needs')}
    </section>
    <section aria-labelledby="h-matters">
      <h2 id="h-matters">${t('sectionWhatMatters')}</h2>
      ${list(
        d.goals.map((g) => conceptText(g.description)),
        t('noneShared'),
        'referral-goals',
      )}
    </section>
    <section aria-labelledby="h-barriers">
      <h2 id="h-barriers">${t('sectionBarriers')}</h2>
      ${list(barriers, t('noneShared'), 'referral-barriers')}
    </section>
    <section aria-labelledby="h-programs">
      <h2 id="h-programs">${t('sectionPrograms')}</h2>
      ${list(chosenPrograms(d), t('noProgramsChosen'), 'referral-programs')}
    </section>
    <section aria-labelledby="h-consent">
      <h2 id="h-consent">${t('sectionConsent')}</h2>
      ${d.consents.length ? d.consents.map((c) => consentBlock(ctx, c, d.names)) : html`<p>${t('noneShared')}</p>`}
    </section>
    ${
      d.questionnaireResponses.length
        ? html`<section aria-labelledby="h-screening">
            <h2 id="h-screening">${t('sectionScreening')}</h2>
            ${d.questionnaireResponses.map(screeningBlock)}
          </section>`
        : ''
    }
    <section aria-labelledby="h-notes">
      <h2 id="h-notes">${t('sectionNotes')}</h2>
      ${list([...(sr?.note ?? []).map((n) => n.text ?? ''), sr?.patientInstruction ?? ''].filter(Boolean), t('noneShared'), 'referral-notes')}
    </section>
    <section aria-labelledby="h-history">
      <h2 id="h-history">${t('sectionHistory')}</h2>
      ${historyBlock(ctx, d)}
    </section>
    <section aria-labelledby="h-actions">
      <h2 id="h-actions">${t('sectionActions')}</h2>
      ${actionsBlock(ctx, d)}
    </section>`;
  return layout(ctx, t('referralTitle', { name }), 'referrals', body, flash);
}
