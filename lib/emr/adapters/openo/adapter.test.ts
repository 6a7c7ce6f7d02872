// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { DetectionResult, IDENTIFIER_SYSTEMS } from '@/lib/patient/context';
import { loadFixture } from '@/lib/emr/testing/load-fixture';
import { openoAdapter } from './adapter';

const URL_PATH =
  '/oscar/CaseManagementEntry.do?method=setUpMainEncounter&from=casemgmt&chain=list&demographicNo=20417';
const load = (url = URL_PATH) => loadFixture('lib/emr/adapters/openo/fixtures/encounter.html', url);
const detect = ({ url, doc }: { url: URL; doc: Document }) =>
  DetectionResult.parse(openoAdapter.detect(url, doc));

describe('OpenO encounter', () => {
  it('reads the patient label: title dropped, apostrophe kept, BC PHN checked, demographic number', () => {
    expect(detect(load())).toEqual({
      status: 'patient',
      patient: {
        displayName: "O'NEIL, PATRICK",
        family: "O'NEIL",
        given: 'PATRICK',
        birthDate: '1949-02-11',
        sex: 'male',
        identifiers: [
          { kind: 'bc-phn', system: IDENTIFIER_SYSTEMS.bcPhn, value: '9357246818', valid: true },
          {
            kind: 'emr-record',
            system: `${IDENTIFIER_SYSTEMS.emrRecordBase}/openo`,
            value: '20417',
            valid: true,
          },
        ],
        source: 'openo',
      },
    });
  });

  it('never reports the MRP or the spouse', () => {
    expect(JSON.stringify(detect(load()))).not.toMatch(/TESTDOCTOR|MAUREEN|he\/him/);
  });

  it('an Ontario card with a version code is read from "hin (ON)"', () => {
    const p = load();
    p.doc.querySelector('#patient-hin')!.innerHTML = "<div class='label'>hin (ON)</div>2468135799&nbsp;ZX";
    expect(detect(p)).toMatchObject({
      patient: { identifiers: [{ kind: 'on-hcn', value: '2468135799', version: 'ZX', valid: true }, {}] },
    });
  });

  it('label missing → not-rendered; label for another patient → ambiguous; two labels → ambiguous', () => {
    const a = load();
    a.doc.getElementById('patient-label')!.remove();
    expect(detect(a)).toMatchObject({ reason: 'not-rendered' });
    expect(detect(load(URL_PATH.replace('20417', '20418')))).toMatchObject({ reason: 'ambiguous' });
    const c = load();
    c.doc.body.append(c.doc.getElementById('patient-label')!.cloneNode(true));
    expect(detect(c)).toMatchObject({ reason: 'ambiguous' });
  });

  it('matches setUpMainEncounter and OpenO markup at forward.jsp only', () => {
    const p = load();
    expect(openoAdapter.matches(p.url, p.doc)).toBe(true);
    expect(openoAdapter.matches(new URL('http://h/oscar/CaseManagementEntry.do?method=list'), p.doc)).toBe(
      false,
    );
    expect(
      openoAdapter.matches(new URL('http://h/oscar/casemgmt/forward.jsp?demographicNo=20417'), p.doc),
    ).toBe(true);
    const oscar = loadFixture(
      'lib/emr/adapters/oscar/fixtures/encounter.html',
      '/oscar/casemgmt/forward.jsp?demographicNo=10234',
    );
    expect(openoAdapter.matches(oscar.url, oscar.doc)).toBe(false);
  });
});
