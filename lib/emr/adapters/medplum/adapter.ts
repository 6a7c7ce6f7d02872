import type { EmrAdapter } from '@/lib/emr/adapter';
import { healthId, mrnId, none, recordId, textOf, toResult } from '@/lib/emr/read';
import type { PatientIdentifier } from '@/lib/patient/context';
import { IDENTIFIER_SYSTEMS } from '@/lib/patient/identifier-systems';
import { normaliseText } from '@/lib/patient/normalise';

const ID = 'medplum';
const ROUTE = /^\/(Patient|Encounter)\/([A-Za-z0-9.-]{1,64})(?:\/|$)/;
const PATIENT_HREF = /^\/Patient\/([A-Za-z0-9.-]{1,64})$/;

/**
 * Medplum app (/Patient/<id>/…, and /Encounter/<id>/… whose subject is the patient). Class names are CSS-module
 * build hashes, so the PatientHeader is found by structure: an InfoBar entry whose key is "Name" and whose value is a
 * link to /Patient/<id>; its sibling entries are DoB, Gender and identifiers (key = system URI). The Encounter's own
 * header (Type, its identifiers) and timeline links are never read.
 */
export const medplumAdapter: EmrAdapter = {
  id: ID,
  label: 'Medplum',
  matches: (url, doc) =>
    /^\/(Patient|Encounter)(?:[/?]|$)/.test(url.pathname) &&
    doc.querySelector('.mantine-AppShell-root') !== null,
  detect(url, doc) {
    const route = ROUTE.exec(url.pathname);
    if (!route) return none('multiple-patients', ID); // /Patient or /Encounter search pages
    const links = headerLinks(doc);
    if (links.length === 0) return none('not-rendered', ID);
    // Several headers are fine only when they are the same patient shown the same way.
    const ids = new Set(links.map((a) => PATIENT_HREF.exec(a.getAttribute('href') ?? '')![1]!));
    if (ids.size > 1 || new Set(links.map((a) => a.textContent)).size > 1) return none('ambiguous', ID);
    const patientId = [...ids][0]!;
    if (route[1] === 'Patient' && patientId !== route[2]) return none('ambiguous', ID);
    const entries = links[0]!.parentElement!.parentElement!.parentElement!; // value → entry → InfoBar root
    const fields = readEntries(entries);
    return toResult(ID, {
      name: links[0]!.textContent,
      birthDate: fields.dob,
      sex: fields.gender,
      identifiers: [...fields.ids, recordId(ID, patientId)],
    });
  },
};

/** Links to /Patient/<id> that are the value of a "Name" entry (the PatientHeader), never timeline links. */
function headerLinks(doc: Document): Element[] {
  const out: Element[] = [];
  for (const a of doc.querySelectorAll('a[href^="/Patient/"]')) {
    if (!PATIENT_HREF.test(a.getAttribute('href') ?? '')) continue;
    const key = a.parentElement?.previousElementSibling;
    if (
      key &&
      normaliseText(key.textContent ?? '', 20) === 'Name' &&
      a.parentElement!.parentElement!.parentElement
    )
      out.push(a);
    if (out.length > 4) break;
  }
  return out;
}

function readEntries(root: Element): {
  dob: string | null;
  gender: string | null;
  ids: (PatientIdentifier | null)[];
} {
  const out: { dob: string | null; gender: string | null; ids: (PatientIdentifier | null)[] } = {
    dob: null,
    gender: null,
    ids: [],
  };
  for (const entry of root.children) {
    const key = normaliseText(textOf(entry.firstElementChild) ?? '', 200);
    const value = textOf(entry.children[1]);
    if (key === 'DoB') out.dob = value;
    else if (key === 'Gender') out.gender = value;
    else if (/^(https?|urn):/.test(key) && key.length < 200 && out.ids.length < 6)
      out.ids.push(identifier(key, value));
  }
  return out;
}

function identifier(system: string, value: string | null): PatientIdentifier | null {
  if (system === IDENTIFIER_SYSTEMS.onHealthCard || /ca-on-patient-hcn|ohip/i.test(system))
    return healthId(value, 'ON');
  if (system === IDENTIFIER_SYSTEMS.bcPhn || /ca-bc-patient-healthcare-id/i.test(system))
    return healthId(value, 'BC');
  const id = mrnId(ID, value);
  return id && { ...id, system }; // the EMR's own identifier system URI (≤ 200 chars, checked above)
}
