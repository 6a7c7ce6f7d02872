import type { Translate } from './note';
import type { ProgramDetails } from './programs';
import type { ContactDetails } from './request';

export interface HandoutInput {
  /** The patient's language (en or fr; other languages get the clinic's language). */
  language: 'en' | 'fr';
  /** ISO date-time printed on the handout. */
  date: string;
  patientName: string;
  programs: readonly ProgramDetails[];
  letNavigatorChoose: boolean;
  /** Empty on the 211 route (no navigator configured). */
  navigatorName: string;
  contact: ContactDetails;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Every value is escaped: program text comes from a catalog, names from an EMR page. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const safeUrl = (u: string) => (/^https?:\/\/[^\s"'<>]+$/i.test(u) ? u : '');

function programHtml(p: ProgramDetails, t: Translate): string {
  const row = (label: string, value: string) => (value ? `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>` : '');
  const cost = p.cost || (p.free ? t('handout.free') : '');
  const contact = [p.phone, p.email].filter(Boolean).join(' · ');
  const url = safeUrl(p.url);
  return [
    `<section class="program"><h3>${esc(p.name)}</h3>`,
    p.organization && p.organization !== p.name ? `<p class="org">${esc(p.organization)}</p>` : '',
    '<dl>',
    row(t('handout.whatItIs'), p.description),
    row(t('handout.address'), p.address),
    row(t('handout.hours'), p.hours),
    row(t('handout.cost'), cost),
    row(t('handout.howToJoin'), p.howToJoin),
    row(t('handout.contact'), contact),
    url ? `<dt>Web</dt><dd>${esc(url)}</dd>` : '',
    '</dl></section>',
  ].join('');
}

const STYLE = `
  body { font: 14pt/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #111; margin: 2em auto; max-width: 44em; padding: 0 1em; }
  h1 { font-size: 1.6em; margin: 0 0 .2em; } h2 { font-size: 1.25em; margin: 1.2em 0 .4em; border-bottom: 1px solid #999; }
  h3 { font-size: 1.1em; margin: 0 0 .2em; } .meta { color: #333; margin: 0; }
  .program { border: 1px solid #999; border-radius: 6px; padding: .6em .9em; margin: .6em 0; break-inside: avoid; }
  .org { margin: 0 0 .3em; color: #333; } dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0; }
  dt { font-weight: 700; } dd { margin: 0; } .emergency { font-weight: 700; margin-top: 1.2em; }
  footer { margin-top: 2em; font-size: .8em; color: #444; }
  @media print { body { margin: 0; font-size: 12pt; } }
`;

/**
 * The patient handout as a complete, script-free HTML document in the patient's language: each program (name, what it
 * is, address, hours, cost, how to join, contact), the navigator, 211, emergency numbers and the date. Printed with
 * the browser from an extension page.
 */
export function buildHandoutHtml(input: HandoutInput, t: Translate): string {
  const method =
    input.contact.preference === 'phone' ||
    input.contact.preference === 'text' ||
    input.contact.preference === 'email'
      ? t(`handout.${input.contact.preference}`)
      : null;
  const navigator = input.navigatorName
    ? method
      ? t('handout.navigatorContact', { navigator: input.navigatorName, method })
      : t('handout.navigatorNoContact', { navigator: input.navigatorName })
    : t('handout.noNavigatorYet');
  const body = [
    `<h1>${esc(t('handout.title'))}</h1>`,
    `<p class="meta">${esc(t('handout.date', { date: input.date.slice(0, 10) }))}</p>`,
    input.patientName ? `<p class="meta">${esc(t('handout.for', { name: input.patientName }))}</p>` : '',
    `<p>${esc(t('handout.intro'))}</p>`,
    input.programs.length || input.letNavigatorChoose ? `<h2>${esc(t('handout.programsHeading'))}</h2>` : '',
    ...input.programs.map((p) => programHtml(p, t)),
    input.letNavigatorChoose ? `<p>${esc(t('handout.navigatorChooses'))}</p>` : '',
    `<h2>${esc(t('handout.navigatorHeading'))}</h2>`,
    `<p>${esc(navigator)}</p>`,
    `<h2>${esc(t('handout.help211Heading'))}</h2>`,
    `<p>${esc(t('handout.help211'))}</p>`,
    `<p class="emergency">${esc(t('handout.emergency'))}</p>`,
    `<footer>${esc(t('handout.footer'))}</footer>`,
  ].join('\n');
  return `<!doctype html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t('handout.title'))}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>`;
}
