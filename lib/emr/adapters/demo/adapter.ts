import type { EmrAdapter } from '@/lib/emr/adapter';
import {
  afterLabel,
  byId,
  healthId,
  isLoopback,
  none,
  recordId,
  single,
  textOf,
  toResult,
} from '@/lib/emr/read';

const ID = 'demo';

/**
 * The project's own demo EMR (demo/emr/*.html, served under /demo-emr/ on loopback). One chart = exactly one
 * #patient-banner holding .pt-name / .pt-dob (with <time datetime>) / .pt-sex / .pt-hcn and data-record-no.
 * Contacts (substitute decision-makers) and the MRP sit outside the banner and are never read.
 */
export const demoAdapter: EmrAdapter = {
  id: ID,
  label: 'Maple Demo EMR',
  noteField: (doc) => {
    const el = doc.getElementById('encounter-note');
    return el instanceof HTMLTextAreaElement ? el : null;
  },
  matches: (url) => isLoopback(url) && url.pathname.startsWith('/demo-emr/'),
  // The banner is all detect() reads once there is one: the watcher observes it closely and the rest of the page
  // only for added/removed nodes (a second banner, a replaced one).
  observedRoots: (doc) => {
    const banner = doc.getElementById('patient-banner');
    return banner ? [banner] : [];
  },
  detect(_url, doc) {
    const banner = byId(doc, 'patient-banner');
    if (banner === 'many') return none('ambiguous', ID);
    if (banner === 'none') {
      // Schedules and lists carry one .pt-name per row and no banner.
      return none(doc.querySelector('.pt-name') ? 'multiple-patients' : 'not-a-chart', ID);
    }
    const name = single(banner, '.pt-name');
    if (name === 'none') return none('not-rendered', ID);
    if (name === 'many') return none('ambiguous', ID);
    const dob = banner.querySelector('.pt-dob');
    const time = dob?.querySelector('time[datetime]');
    return toResult(ID, {
      name: textOf(name),
      birthDate: time ? time.getAttribute('datetime') : afterLabel(textOf(dob), /DOB/i),
      sex: afterLabel(textOf(banner.querySelector('.pt-sex')), /Sex/i),
      identifiers: [
        healthId(afterLabel(textOf(banner.querySelector('.pt-hcn')), /HCN/i), 'ON'),
        recordId(ID, banner.getAttribute('data-record-no')),
      ],
    });
  },
};
