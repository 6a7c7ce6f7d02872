import type { EmrAdapter } from '@/lib/emr/adapter';
import { caseNoteField } from '@/lib/emr/note-field';
import { byId, healthId, none, param, recordId, selectedValue, single, toResult } from '@/lib/emr/read';
import type { DetectionResult } from '@/lib/patient/context';

const ID = 'oscar';
const ENCOUNTER = /\/casemgmt\/forward\.jsp$/;
const MASTER = /\/demographic\/demographiccontrol\.jsp$/;

/** demographic_no inside the master-record link of the encounter header (onclick="popupPage(…?demographic_no=N&…)"). */
const LINK_DEMO_NO = /demographic_no=(\d{1,12})\b/;

/**
 * OSCAR EMR 19 (classic). Two pages show one patient:
 * - the encounter window (casemgmt/forward.jsp?action=view&demographicNo=N): the header link to the master record
 *   carries "FAMILY, GIVEN" and is followed by sex and age; no birth date or health number is shown there;
 * - the master demographic record (demographiccontrol.jsp?demographic_no=N&displaymode=edit): read from the named
 *   inputs of the (hidden) edit form, which are the saved values, never from the contacts list beside them.
 * The demographic number in the page must agree with the one in the URL, or the answer is 'ambiguous'.
 */
export const oscarAdapter: EmrAdapter = {
  id: ID,
  label: 'OSCAR EMR',
  noteField: caseNoteField,
  matches: (url, doc) =>
    MASTER.test(url.pathname) || (ENCOUNTER.test(url.pathname) && !doc.getElementById('patient-label')),
  detect: (url, doc) => (MASTER.test(url.pathname) ? masterRecord(url, doc) : encounter(url, doc)),
};

function encounter(url: URL, doc: Document): DetectionResult {
  const demoNo = param(url, 'demographicNo');
  if (!demoNo) return none('not-a-chart', ID);
  const header = byId(doc, 'encounterHeader');
  if (header === 'none') return none('not-rendered', ID);
  if (header === 'many') return none('ambiguous', ID);
  const link = single(header, '.Header a[onclick*="displaymode=edit"]');
  if (link === 'none') return none('not-rendered', ID);
  if (link === 'many') return none('ambiguous', ID);
  if (LINK_DEMO_NO.exec(link.getAttribute('onclick') ?? '')?.[1] !== demoNo) return none('ambiguous', ID);
  // " F 67 years": the first word after the name link is the sex.
  const after = link.nextSibling?.nodeType === 3 ? (link.nextSibling.nodeValue ?? '') : '';
  return toResult(ID, {
    name: link.textContent,
    sex: /^\s*(\S{1,12})/.exec(after)?.[1] ?? null,
    identifiers: [recordId(ID, demoNo)],
  });
}

function masterRecord(url: URL, doc: Document): DetectionResult {
  const mode = param(url, 'displaymode');
  if (mode === 'Search' || mode === 'Search ') return none('multiple-patients', ID);
  if (mode !== 'edit') return none('not-a-chart', ID);
  const form = byId(doc, 'updatedelete');
  if (form === 'none') return none('not-rendered', ID);
  if (form === 'many') return none('ambiguous', ID);
  const demoNo = single(form, 'input[name="demographic_no"]');
  if (demoNo === 'none') return none('not-rendered', ID);
  if (demoNo === 'many' || demoNo.getAttribute('value') !== param(url, 'demographic_no'))
    return none('ambiguous', ID);
  const input = (name: string) => form.querySelector(`[name="${name}"]`);
  const value = (name: string) => input(name)?.getAttribute('value') ?? null;
  const last = value('last_name');
  const first = value('first_name');
  const year = value('year_of_birth');
  const month = selectedValue(input('month_of_birth'));
  const day = selectedValue(input('date_of_birth'));
  const hcType = selectedValue(input('hc_type'));
  const hin = `${value('hin') ?? ''} ${value('ver') ?? ''}`;
  return toResult(ID, {
    name: last && first ? `${last}, ${first}` : null,
    birthDate: year && month && day ? `${year}-${month}-${day}` : null,
    sex: selectedValue(input('sex')),
    identifiers: [
      // Only Ontario and BC numbers have a check digit we verify; other provinces' numbers are not reported.
      hcType === 'ON' || hcType === 'BC' ? healthId(hin, hcType) : null,
      recordId(ID, demoNo.getAttribute('value')),
    ],
  });
}
