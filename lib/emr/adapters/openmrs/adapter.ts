import type { EmrAdapter } from '@/lib/emr/adapter';
import { healthId, mrnId, none, recordId, single, textOf, toResult } from '@/lib/emr/read';
import type { PatientIdentifier } from '@/lib/patient/context';
import { normaliseText, parseDate } from '@/lib/patient/normalise';

const ID = 'openmrs';
const CHART =
  /\/spa\/patient\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/chart(?:\/|$)/i;

/**
 * OpenMRS 3 (single-spa app shell under …/spa/). The chart's banner is `header[aria-label="patient banner"]`
 * (esm-patient-banner-app); the search overlay renders other patients with the same component inside
 * `div[role=banner]` without that label, so it never changes the answer. CSS-module class names are
 * `<app>__<file>__<local>___<hash>`: only the stable `<local>` part is matched, and only inside the banner.
 * The patient uuid comes from the route (pushState switches patient); the banner renders after a delay.
 */
export const openmrsAdapter: EmrAdapter = {
  id: ID,
  label: 'OpenMRS 3',
  matches: (url, doc) =>
    url.pathname.includes('/spa/') && doc.querySelector('[id^="single-spa-application:"]') !== null,
  // On a chart, the one banner is all detect() reads besides the route: the watcher observes it closely and the rest
  // of the app only for added/removed nodes (the banner re-mounted, a second one, the search overlay).
  observedRoots: (doc) => {
    const banner = chartBanner(doc);
    return typeof banner === 'string' ? [] : [banner];
  },
  detect(url, doc) {
    const route = CHART.exec(url.pathname);
    if (!route)
      return none(
        /\/spa\/(search|home|patient-list|appointments)/.test(url.pathname)
          ? 'multiple-patients'
          : 'not-a-chart',
        ID,
      );
    const banner = chartBanner(doc);
    if (banner === 'none') return none('not-rendered', ID);
    if (banner === 'many') return none('ambiguous', ID);
    const name = single(banner, '[class*="__patientName___"]');
    if (name === 'none') return none('not-rendered', ID);
    if (name === 'many') return none('ambiguous', ID);
    return toResult(ID, {
      name: name.textContent,
      sex: textOf(banner.querySelector('[class*="__gender___"] span')),
      birthDate: birthDate(banner),
      identifiers: [...identifiers(banner), recordId(ID, route[1]!.toLowerCase())],
    });
  },
};

/** The one `header[aria-label="patient banner"]`; pages have few <header>s, so this avoids an attribute scan. */
function chartBanner(doc: Document): Element | 'none' | 'many' {
  let found: Element | null = null;
  for (const h of doc.getElementsByTagName('header')) {
    if (h.getAttribute('aria-label') !== 'patient banner') continue;
    if (found) return 'many';
    found = h;
  }
  return found ?? 'none';
}

/** The demographics row is "36 yrs · 21-Jul-1990 · identifiers": the first span that parses as a date. */
function birthDate(banner: Element): string | null {
  const row = banner.querySelector('[class*="__demographics___"]');
  if (!row) return null;
  for (const span of row.children) {
    if (span.tagName !== 'SPAN' || span.childElementCount) continue;
    const iso = parseDate(span.textContent ?? '');
    if (iso) return iso;
  }
  return null;
}

/** "<label>: <value>" identifier tags. Health card labels map to provincial numbers; others are MRNs. */
function identifiers(banner: Element): (PatientIdentifier | null)[] {
  const out: (PatientIdentifier | null)[] = [];
  for (const tag of banner.querySelectorAll('[class*="__identifier___"]')) {
    if (out.length >= 6) break;
    const label = normaliseText(textOf(tag.querySelector('[class*="__label___"]')) ?? '', 60);
    const value = textOf(tag.querySelector('[class*="__value___"]'));
    if (/health card|\bHCN\b|OHIP|carte sant/i.test(label)) out.push(healthId(value, 'ON'));
    else if (/\bPHN\b|personal health number/i.test(label)) out.push(healthId(value, 'BC'));
    else out.push(mrnId(ID, value));
  }
  return out;
}
