import type { EmrAdapter } from '@/lib/emr/adapter';
import { byId, none, recordId, single, textWithout, toResult } from '@/lib/emr/read';
import { normaliseText } from '@/lib/patient/normalise';

const ID = 'juno';
const RECORD_ROUTE = /^#!?\/record\/(\d{1,12})(?:\/|$)/;
const LIST_ROUTE = /^#!?\/(schedule|search|patientsearch|patientlist|inbox|ticklers|reports)(?:\/|$|\?)/;

/**
 * Juno EMR (AngularJS provider UI at …/web/, hash routes). The patient is the record page's header
 * (#patient-record-page .patient-header-name, "FAMILY, GIVEN" plus a hidden alias span that is never read) and the
 * demographic number in the route #!/record/N/…. Switching patient changes only the hash. The left aside lists
 * other patients and is never read. Other OSCAR-family web UIs built on the same app (ng-app
 * "oscarProviderViewModule") are read the same way.
 */
export const junoAdapter: EmrAdapter = {
  id: ID,
  label: 'Juno EMR',
  matches: (url, doc) =>
    /\/web\/(index\.jsp)?$/.test(url.pathname) &&
    doc.documentElement.getAttribute('ng-app') === 'oscarProviderViewModule',
  detect(url, doc) {
    const route = RECORD_ROUTE.exec(url.hash);
    if (!route) return none(LIST_ROUTE.test(url.hash) ? 'multiple-patients' : 'not-a-chart', ID);
    const page = byId(doc, 'patient-record-page');
    if (page === 'none') return none('not-rendered', ID);
    if (page === 'many') return none('ambiguous', ID);
    const heading = single(page, '.patient-record-header .patient-header-name');
    if (heading === 'none') return none('not-rendered', ID);
    if (heading === 'many') return none('ambiguous', ID);
    const name = textWithout(heading, 'span');
    if (name !== null && name.includes('{{')) return none('not-rendered', ID); // template not compiled yet
    return toResult(ID, { name, ...labelled(page), identifiers: [recordId(ID, route[1])] });
  },
};

/** "Sex: M  Born: 1962-08-15 (64)": each .patient-header-label is followed by its value as text. */
function labelled(page: Element): { sex: string | null; birthDate: string | null } {
  const out: { sex: string | null; birthDate: string | null } = { sex: null, birthDate: null };
  for (const label of page.querySelectorAll('.patient-record-header .patient-header-label')) {
    const key = normaliseText(label.textContent ?? '', 40)
      .toLowerCase()
      .replace(/\s*:$/, '');
    const value =
      label.nextSibling?.nodeType === 3 ? normaliseText(label.nextSibling.nodeValue ?? '', 40) : '';
    if (key === 'sex' || key === 'sexe') out.sex = value;
    else if (key === 'born' || key === 'dob' || key === 'né(e)' || key === 'date de naissance')
      out.birthDate = value.replace(/\s*\(.*$/, '');
  }
  return out;
}
