import type { SafeHtml } from '../html';
import { html } from '../html';
import { formatDateTime } from '../i18n';
import type { ReferralSummary, StateGroup } from '../referrals';
import { STATE_GROUP_NAMES } from '../referrals';
import { conceptText, isUrgent, patientName, statusLabel } from './format';
import { type Flash, layout, type PageContext } from './layout';

const GROUP_LABEL = {
  new: 'stateNew',
  accepted: 'stateAccepted',
  'in-progress': 'stateInProgress',
  completed: 'stateCompleted',
  closed: 'stateClosed',
  all: 'stateAll',
} as const;

function row(ctx: PageContext, r: ReferralSummary): SafeHtml {
  const { t } = ctx;
  const name = patientName(r.patient, t);
  const needs = (r.serviceRequest?.category ?? []).map(conceptText).filter(Boolean).join(', ');
  const referralId = r.serviceRequest?.identifier?.[0]?.value ?? '';
  const stage = conceptText(r.task.businessStatus);
  return html`<tr
    data-testid="inbox-referral"
    data-task-id="${r.taskId}"
    data-referral-id="${referralId}"
    data-status="${r.task.status}"
  >
    <td>${isUrgent(r.task) ? html`<span class="badge urgent">${t('urgent')}</span>` : t('routine')}</td>
    <th scope="row">${name}</th>
    <td>${needs}</td>
    <td>${r.clinic ?? ''}</td>
    <td>${formatDateTime(ctx.lang, r.task.authoredOn ?? r.lastUpdated)}</td>
    <td data-testid="inbox-referral-status">
      ${statusLabel(t, r.task.status)}${stage ? html`<br /><span class="hint">${stage}</span>` : ''}
    </td>
    <td>
      <a
        href="/inbox/referrals/${encodeURIComponent(r.taskId)}"
        aria-label="${t('openReferralFor', { name })}"
        data-testid="inbox-referral-open"
        >${t('open')}</a
      >
    </td>
  </tr>`;
}

export function listPage(
  ctx: PageContext,
  group: StateGroup,
  counts: Record<StateGroup, number>,
  rows: ReferralSummary[],
  flash?: Flash,
): string {
  const { t } = ctx;
  const groups: StateGroup[] = [...STATE_GROUP_NAMES, 'all'];
  const tabs = html`<nav class="tabs" aria-label="${t('referralTabs')}">
    <ul>
      ${groups.map(
        (g) =>
          html`<li>
            <a
              href="/inbox?state=${g}"
              data-testid="inbox-tab-${g}"
              ${g === group ? html`aria-current="page"` : ''}
              >${t(GROUP_LABEL[g])} (${counts[g]})</a
            >
          </li>`,
      )}
    </ul>
  </nav>`;
  const label = t(GROUP_LABEL[group]);
  const table = rows.length
    ? html`<table data-testid="inbox-referrals">
        <caption>
          ${t('tableCaption', { state: label, count: rows.length })}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('colPriority')}</th>
            <th scope="col">${t('colPatient')}</th>
            <th scope="col">${t('colNeeds')}</th>
            <th scope="col">${t('colClinic')}</th>
            <th scope="col">${t('colReceived')}</th>
            <th scope="col">${t('colStatus')}</th>
            <th scope="col">${t('colOpen')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map((r) => row(ctx, r))}
        </tbody>
      </table>`
    : html`<p data-testid="inbox-empty">${t('noReferrals')}</p>`;
  return layout(
    ctx,
    t('referralsTitle'),
    'referrals',
    html`<h1>${t('referralsTitle')}</h1>
      <p>${t('referralsIntro')}</p>
      ${tabs}${table}`,
    flash,
  );
}
