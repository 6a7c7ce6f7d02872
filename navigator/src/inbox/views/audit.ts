import type { AuditRow } from '../../audit/audit';
import { html } from '../html';
import { formatDateTime } from '../i18n';
import { layout, type PageContext } from './layout';

function detailText(d: Record<string, unknown>): string {
  return Object.entries(d)
    .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

export function auditPage(ctx: PageContext, rows: AuditRow[], olderThan: number | null): string {
  const { t, lang } = ctx;
  return layout(
    ctx,
    t('auditTitle'),
    'audit',
    html`<h1>${t('auditTitle')}</h1>
      <p>${t('auditIntro')}</p>
      <table data-testid="audit-log">
        <caption>
          ${t('auditTitle')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('auditWhen')}</th>
            <th scope="col">${t('auditWho')}</th>
            <th scope="col">${t('auditAction')}</th>
            <th scope="col">${t('auditEntity')}</th>
            <th scope="col">${t('auditDetail')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr data-testid="audit-row" data-action="${r.action}">
                <td>${formatDateTime(lang, r.at)}</td>
                <td>${r.actor_type}: ${r.actor}</td>
                <td>${r.action}</td>
                <td>${r.entity ?? ''}</td>
                <td>${detailText(r.detail)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${olderThan !== null ? html`<p><a href="/inbox/audit?before=${olderThan}">${t('auditOlder')}</a></p>` : ''}`,
  );
}
