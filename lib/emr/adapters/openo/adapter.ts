import type { EmrAdapter } from '@/lib/emr/adapter';
import { caseNoteField } from '@/lib/emr/note-field';
import {
  byId,
  healthId,
  none,
  param,
  recordId,
  single,
  stripTitle,
  textWithout,
  toResult,
} from '@/lib/emr/read';

const ID = 'openo';
const HREF_DEMO_NO = /[?&]demographic_no=(\d{1,12})\b/;

/**
 * OpenO EMR (maintained OSCAR fork). The encounter (CaseManagementEntry.do?method=setUpMainEncounter&demographicNo=N)
 * carries a patient label built by Demographic#getStandardIdentificationHTML: #patient-full-name (title + "FAMILY,
 * GIVEN" in a link to the master record), then #patient-sex, #patient-dob, #patient-hin ("hin (ON)"), each with a
 * `.label` child. #patient-mrp (the provider) and contacts are never read.
 */
export const openoAdapter: EmrAdapter = {
  id: ID,
  label: 'OpenO EMR',
  noteField: caseNoteField,
  matches: (url, doc) =>
    (url.pathname.endsWith('/CaseManagementEntry.do') && param(url, 'method') === 'setUpMainEncounter') ||
    (url.pathname.endsWith('/casemgmt/forward.jsp') && doc.getElementById('patient-label') !== null),
  detect(url, doc) {
    const demoNo = param(url, 'demographicNo');
    if (!demoNo) return none('not-a-chart', ID);
    const label = byId(doc, 'patient-label');
    if (label === 'none') return none('not-rendered', ID);
    if (label === 'many') return none('ambiguous', ID);
    const link = single(label, '#patient-full-name a[href*="demographic_no="]');
    if (link === 'none') return none('not-rendered', ID);
    if (link === 'many') return none('ambiguous', ID);
    if (HREF_DEMO_NO.exec(link.getAttribute('href') ?? '')?.[1] !== demoNo) return none('ambiguous', ID);
    const field = (id: string) => textWithout(label.querySelector(`#${id}`), '.label');
    const hinLabel = label.querySelector('#patient-hin > .label')?.textContent ?? '';
    const province = /\((ON|BC)\)/.exec(hinLabel)?.[1] as 'ON' | 'BC' | undefined;
    const name = link.textContent;
    return toResult(ID, {
      name: name === null ? null : stripTitle(name),
      birthDate: field('patient-dob'),
      sex: field('patient-sex'),
      identifiers: [province ? healthId(field('patient-hin'), province) : null, recordId(ID, demoNo)],
    });
  },
};
