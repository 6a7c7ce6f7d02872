import type { EmrAdapter } from '@/lib/emr/adapter';
import { byId, mrnId, none, single, textOf, toResult } from '@/lib/emr/read';

const ID = 'openemr';
/** The first ISO date in " DOB: 1975-12-01 Age: 50" (labels are translated; the ISO date is not). */
const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})\b/;

/**
 * OpenEMR 7 tabbed UI (interface/main/tabs/main.php). The patient bar (#attendantData, knockout
 * patient-data-template) is in the top document and is filled when the patient frame has loaded; the top URL never
 * changes and closing the chart empties the bar. Name as shown ("Given Family"), external id (pubpid) as an MRN, birth
 * date from the DOB string when it is ISO (the clinic's other display formats are ambiguous, so left empty). Frames
 * (finder lists, encounters) are never read.
 */
export const openemrAdapter: EmrAdapter = {
  id: ID,
  label: 'OpenEMR',
  matches: (url) => url.pathname.endsWith('/interface/main/tabs/main.php'),
  detect(_url, doc) {
    const bar = byId(doc, 'attendantData');
    if (bar === 'none') return none('not-rendered', ID);
    if (bar === 'many') return none('ambiguous', ID);
    const name = single(bar, 'a.ptName [data-bind*="pname"]');
    if (name === 'none') return none('not-rendered', ID); // no patient open, or the chart was closed
    if (name === 'many') return none('ambiguous', ID);
    const dob = textOf(bar.querySelector('[data-bind*="str_dob"]'));
    return toResult(ID, {
      name: name.textContent,
      birthDate: dob === null ? null : (ISO_DATE.exec(dob.slice(0, 200))?.[1] ?? null),
      identifiers: [mrnId(ID, textOf(bar.querySelector('a.ptName [data-bind*="pubpid"]')))],
    });
  },
};
