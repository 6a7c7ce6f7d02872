// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { DetectionResult, IDENTIFIER_SYSTEMS } from '@/lib/patient/context';
import { loadFixture } from '@/lib/emr/testing/load-fixture';
import { oscarAdapter } from './adapter';

const ENC = '/oscar/casemgmt/forward.jsp?action=view&demographicNo=10234&providerNo=999998';
const MASTER =
  '/oscar/demographic/demographiccontrol.jsp?demographic_no=10234&displaymode=edit&dboperation=search_detail';
const encounter = (url = ENC) => loadFixture('lib/emr/adapters/oscar/fixtures/encounter.html', url);
const master = (url = MASTER) => loadFixture('lib/emr/adapters/oscar/fixtures/master-record.html', url);
const detect = ({ url, doc }: { url: URL; doc: Document }) =>
  DetectionResult.parse(oscarAdapter.detect(url, doc));

describe('OSCAR encounter window', () => {
  it('reads FAMILY, GIVEN from the master-record link, the sex after it, and the demographic number', () => {
    expect(detect(encounter())).toEqual({
      status: 'patient',
      patient: {
        displayName: 'GAGNON-LÉVESQUE, MARIE-ÈVE',
        family: 'GAGNON-LÉVESQUE',
        given: 'MARIE-ÈVE',
        birthDate: null, // the encounter header does not show it: never guessed from the age
        sex: 'female',
        identifiers: [
          {
            kind: 'emr-record',
            system: `${IDENTIFIER_SYSTEMS.emrRecordBase}/oscar`,
            value: '10234',
            valid: true,
          },
        ],
        source: 'oscar',
      },
    });
  });

  it('never reports the MRP, the appointment-history link or the relative named in a note', () => {
    expect(JSON.stringify(detect(encounter()))).not.toMatch(/TESTDOCTOR|TESTRELATIVE|Next Appt/);
  });

  it('a header for another demographic number than the URL → ambiguous', () => {
    expect(detect(encounter(ENC.replace('10234', '10235')))).toMatchObject({
      status: 'none',
      reason: 'ambiguous',
    });
  });

  it('no header yet → not-rendered; two master-record links → ambiguous; no demographicNo → not-a-chart', () => {
    const a = encounter();
    a.doc.getElementById('encounterHeader')!.remove();
    expect(detect(a)).toMatchObject({ reason: 'not-rendered' });
    const b = encounter();
    const span = b.doc.querySelector('#encounterHeader .Header')!;
    span.append(span.querySelector('a[title="Master Record"]')!.cloneNode(true));
    expect(detect(b)).toMatchObject({ reason: 'ambiguous' });
    expect(detect(encounter('/oscar/casemgmt/forward.jsp?action=view'))).toMatchObject({
      reason: 'not-a-chart',
    });
  });
});

describe('OSCAR master demographic record', () => {
  it('reads the saved record: name, birth date, sex, Ontario HIN with version code, demographic number', () => {
    const r = detect(master());
    expect(r).toMatchObject({
      status: 'patient',
      patient: {
        displayName: 'GAGNON-LÉVESQUE, MARIE-ÈVE',
        birthDate: '1957-09-05',
        sex: 'female',
        identifiers: [
          { kind: 'on-hcn', value: '2468135799', version: 'ZX', valid: true },
          { kind: 'emr-record', value: '10234' },
        ],
      },
    });
    expect(JSON.stringify(r)).not.toMatch(/LOUISE|REFERRER|TESTDOCTOR/); // contacts and providers beside it
  });

  it('follows the health card type: BC numbers are checked as PHNs, other provinces are not reported', () => {
    const bc = master();
    const hcType = bc.doc.querySelector('select[name="hc_type"]')!;
    hcType.querySelector('option[selected]')!.removeAttribute('selected');
    hcType.querySelector('option[value="BC"]')!.setAttribute('selected', '');
    expect(detect(bc)).toMatchObject({
      patient: { identifiers: [{ kind: 'bc-phn', valid: false }, { kind: 'emr-record' }] },
    });
    hcType.querySelector('option[value="BC"]')!.removeAttribute('selected');
    hcType.querySelector('option[value="QC"]')!.setAttribute('selected', '');
    expect(detect(bc)).toMatchObject({ patient: { identifiers: [{ kind: 'emr-record', value: '10234' }] } });
  });

  it('a HIN failing its check digit is reported as invalid', () => {
    const m = master();
    m.doc.getElementById('hinBox')!.setAttribute('value', '2468135790');
    expect(detect(m)).toMatchObject({
      patient: { identifiers: [{ kind: 'on-hcn', value: '2468135790', valid: false }, {}] },
    });
  });

  it('search results → multiple-patients; appointment history → not-a-chart; URL/form mismatch → ambiguous', () => {
    const search = loadFixture(
      'lib/emr/adapters/oscar/fixtures/search-results.html',
      '/oscar/demographic/demographiccontrol.jsp?keyword=GAGNON&displaymode=Search&dboperation=search_titlename',
    );
    expect(detect(search)).toMatchObject({ reason: 'multiple-patients' });
    expect(detect(master(MASTER.replace('displaymode=edit', 'displaymode=appt_history')))).toMatchObject({
      reason: 'not-a-chart',
    });
    expect(detect(master(MASTER.replace('10234', '10235')))).toMatchObject({ reason: 'ambiguous' });
  });
});

describe('matches', () => {
  it('claims the encounter and master record, not OpenO pages at the same path', () => {
    const e = encounter();
    expect(oscarAdapter.matches(e.url, e.doc)).toBe(true);
    const openo = loadFixture('lib/emr/adapters/openo/fixtures/encounter.html', ENC);
    expect(oscarAdapter.matches(openo.url, openo.doc)).toBe(false);
    expect(
      oscarAdapter.matches(new URL('http://emr.example/oscar/provider/providercontrol.jsp'), e.doc),
    ).toBe(false);
  });
});
