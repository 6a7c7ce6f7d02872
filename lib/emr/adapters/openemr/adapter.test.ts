// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { DetectionResult } from '@/lib/patient/context';
import { EMR_FIXTURES } from '@/lib/emr/fixtures-index';
import { openFixture } from '@/lib/emr/testing/browser';
import { loadFixture } from '@/lib/emr/testing/load-fixture';
import { openemrAdapter } from './adapter';

const MAIN = '/openemr/interface/main/tabs/main.php?token_main=x';
const load = (file: string) => loadFixture(`lib/emr/adapters/openemr/fixtures/${file}`, MAIN);
const detect = (url: URL, doc: Document) => DetectionResult.parse(openemrAdapter.detect(url, doc));

describe('OpenEMR tabs UI', () => {
  it('reads the patient bar in the top document: name as shown, external id as MRN, ISO DOB', () => {
    const { url, doc } = load('main-patient.html');
    const r = detect(url, doc);
    expect(r).toMatchObject({
      status: 'patient',
      patient: {
        displayName: 'Robin Testcase',
        birthDate: '1975-12-01',
        sex: null,
        identifiers: [{ kind: 'mrn', system: 'urn:social-rx:mrn/openemr', value: 'OE-5521', valid: true }],
      },
    });
    expect(r.status === 'patient' && r.patient.family).toBeUndefined(); // "Given Family" is not split by guesswork
  });

  it('before the patient frame has loaded, the bar is empty → not-rendered', () => {
    const { url, doc } = load('main-frame-load.html');
    expect(detect(url, doc)).toMatchObject({ status: 'none', reason: 'not-rendered' });
  });

  it('after the frame loads and calls left_nav.setPatient, the same page has the patient; closing the chart clears it', async () => {
    const fx = EMR_FIXTURES.find((f) => f.file.endsWith('main-frame-load.html'))!;
    const { page, url, doc, close } = await openFixture(fx);
    try {
      expect(detect(url, doc)).toMatchObject({
        status: 'patient',
        patient: { displayName: 'Robin Testcase' },
      });
      (doc.querySelector('a[title="Close Patient Chart"]') as HTMLElement).click();
      expect(detect(url, doc)).toMatchObject({ status: 'none', reason: 'not-rendered' });
      expect(page.mainFrame.url).toBe(url.href); // the top URL never changed
    } finally {
      await close();
    }
  });

  it('a non-ISO DOB display (clinic date format) is left empty, not guessed', () => {
    const { url, doc } = load('main-patient.html');
    doc.querySelector('[data-bind*="str_dob"]')!.textContent = ' DOB: 12/01/1975 Age: 50';
    expect(detect(url, doc)).toMatchObject({ patient: { birthDate: null } });
  });

  it('two patient names in the bar → ambiguous; no bar → not-rendered', () => {
    const a = load('main-patient.html');
    const link = a.doc.querySelector('a.ptName')!;
    link.parentElement!.append(link.cloneNode(true));
    expect(detect(a.url, a.doc)).toMatchObject({ reason: 'ambiguous' });
    const b = load('main-patient.html');
    b.doc.getElementById('attendantData')!.remove();
    expect(detect(b.url, b.doc)).toMatchObject({ reason: 'not-rendered' });
  });
});
