import type { FeedbackRow } from '../../hsds/feedback';
import { html } from '../html';
import { formatDateTime } from '../i18n';
import { csrfField, type Flash, layout, type PageContext } from './layout';

export function feedbackPage(
  ctx: PageContext,
  status: 'open' | 'resolved',
  rows: FeedbackRow[],
  flash?: Flash,
): string {
  const { t, lang } = ctx;
  const tab = (s: 'open' | 'resolved', label: string) =>
    html`<li>
      <a href="/inbox/feedback?status=${s}" ${s === status ? html`aria-current="page"` : ''}>${label}</a>
    </li>`;
  const table = rows.length
    ? html`<table data-testid="feedback-list">
        <caption>
          ${status === 'open' ? t('feedbackOpen') : t('feedbackResolved')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('feedbackService')}</th>
            <th scope="col">${t('feedbackCategory')}</th>
            <th scope="col">${t('feedbackMessage')}</th>
            <th scope="col">${t('feedbackFrom')}</th>
            <th scope="col">${t('feedbackWhen')}</th>
            <th scope="col">${t('colStatus')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (f) =>
              html`<tr data-testid="feedback-item" data-feedback-id="${f.id}">
                <th scope="row">${f.service_name ?? f.service_id}</th>
                <td>${t(`cat_${f.category}`)}</td>
                <td>${f.message}</td>
                <td>${f.clinic_name ?? ''}</td>
                <td>${formatDateTime(lang, f.created_at)}</td>
                <td>
                  ${
                    f.status === 'open'
                      ? html`<form
                          method="post"
                          action="/inbox/feedback/${encodeURIComponent(f.id)}/resolve"
                          class="inline-form"
                        >
                          ${csrfField(ctx)}
                          <button type="submit" class="secondary" data-testid="feedback-resolve">
                            ${t('feedbackResolve')}
                          </button>
                        </form>`
                      : t('feedbackResolvedBy', { user: f.resolved_by ?? '' })
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`
    : html`<p>${t('feedbackNone')}</p>`;
  return layout(
    ctx,
    t('feedbackTitle'),
    'feedback',
    html`<h1>${t('feedbackTitle')}</h1>
      <p>${t('feedbackIntro')}</p>
      <nav class="tabs" aria-label="${t('feedbackTitle')}">
        <ul>
          ${tab('open', t('feedbackOpen'))}${tab('resolved', t('feedbackResolved'))}
        </ul>
      </nav>
      ${table}`,
    flash,
  );
}
