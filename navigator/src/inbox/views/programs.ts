import { html } from '../html';
import { csrfField, type Flash, layout, type PageContext } from './layout';

export interface ProgramRow {
  id: string;
  name: string;
  organization: string | null;
  capacity: 'accepting' | 'waitlist' | 'full';
  available: number | null;
  maximum: number | null;
}

export function programsPage(
  ctx: PageContext,
  query: string,
  rows: ProgramRow[],
  total: number,
  flash?: Flash,
): string {
  const { t } = ctx;
  const option = (v: ProgramRow['capacity'], label: string, current: ProgramRow['capacity']) =>
    html`<option value="${v}" ${v === current ? html`selected` : ''}>${label}</option>`;
  const items = rows.map(
    (p) =>
      html`<li data-testid="program-row" data-service-id="${p.id}">
        <form method="post" action="/inbox/programs/${encodeURIComponent(p.id)}/capacity" class="action">
          ${csrfField(ctx)}
          <fieldset>
            <legend>
              ${p.name}${p.organization ? html` <span class="hint">(${p.organization})</span>` : ''}
            </legend>
            <label for="cap-${p.id}">${t('capacity')}</label>
            <select id="cap-${p.id}" name="capacity" data-testid="program-capacity">
              ${option('accepting', t('capacityAccepting'), p.capacity)}${option('waitlist', t('capacityWaitlist'), p.capacity)}${option('full', t('capacityFull'), p.capacity)}
            </select>
            <label for="avail-${p.id}">${t('capacityAvailable')}</label>
            <input
              type="number"
              min="0"
              max="100000"
              id="avail-${p.id}"
              name="available"
              value="${p.available ?? ''}"
            />
            <label for="max-${p.id}">${t('capacityMaximum')}</label>
            <input
              type="number"
              min="0"
              max="100000"
              id="max-${p.id}"
              name="maximum"
              value="${p.maximum ?? ''}"
            />
            <button type="submit" data-testid="program-capacity-save">
              ${t('capacitySave', { name: p.name })}
            </button>
          </fieldset>
        </form>
      </li>`,
  );
  return layout(
    ctx,
    t('programsTitle'),
    'programs',
    html`<h1>${t('programsTitle')}</h1>
      <p>${t('programsIntro')}</p>
      <form method="get" action="/inbox/programs" role="search">
        <label for="program-search">${t('programsSearch')}</label>
        <input type="search" id="program-search" name="q" value="${query}" data-testid="program-search" />
        <button type="submit">${t('programsSearchButton')}</button>
      </form>
      <p role="status">${t('programsShowing', { shown: rows.length, total })}</p>
      ${
        rows.length
          ? html`<ul class="plain">
              ${items}
            </ul>`
          : html`<p>${t('programsNone')}</p>`
      }`,
    flash,
  );
}
