/**
 * Every EMR adapter fixture, with the URL it must be served at and what Social Rx must show for it. The e2e suite
 * serves each one in real Chromium with the built extension; lib/emr/fixtures.test.ts checks the same table against
 * detectPatient (scripts run, frames load) in happy-dom. No imports: Playwright and scripts/start load this file
 * directly. Fixture pages are fictional and reproduce each EMR's real markup (see the comment at the top of each).
 */
export type EmrFixtureExpectation =
  { name: string; birthDate: string; identifiers: string[] } | { none: string };

export interface EmrFixture {
  adapter: string;
  /** Path relative to the repo root. */
  file: string;
  /** Path + query + hash the page must be served at (path + query unique across fixtures). */
  urlPath: string;
  /** urlPath → file for the iframes the fixture loads. */
  frames?: Record<string, string>;
  /** A clinic-configured adapter definition (JSON file) that must be installed (setting `configuredAdapters`). */
  configuredAdapter?: string;
  /** The answer once the page has finished its own scripts (delayed banners, frame loads). */
  expected: EmrFixtureExpectation;
}

const F = 'lib/emr/adapters';
const OPENMRS_CHART = '/openmrs/spa/patient/8673ee4f-e2ab-4077-ba55-4980f408773e/chart';
const OPENEMR_MAIN = '/openemr/interface/main/tabs/main.php';
const OPENEMR_FRAMES = {
  '/openemr/interface/patient_file/summary/demographics.php?set_pid=5': `${F}/openemr/fixtures/demographics.html`,
};
const MEDPLUM_PATIENT = '0190a3c2-7e5b-7cc1-9d1e-2f6a4b8c0d11';

const oscarPatient = {
  name: 'GAGNON-LÉVESQUE, MARIE-ÈVE',
  birthDate: '1957-09-05',
  identifiers: ['2468135799', '10234'],
};
const openmrsPatient = {
  name: 'Jordan Sampleperson',
  birthDate: '1990-07-21',
  identifiers: ['100GEJ', '3141592653', '8673ee4f-e2ab-4077-ba55-4980f408773e'],
};
const openemrPatient = { name: 'Robin Testcase', birthDate: '1975-12-01', identifiers: ['OE-5521'] };
const medplumPatient = {
  name: 'Taylor Demofixture',
  birthDate: '1984-06-30',
  identifiers: ['2718281823', 'MRN-4410', MEDPLUM_PATIENT],
};

export const EMR_FIXTURES: EmrFixture[] = [
  {
    adapter: 'demo',
    file: 'demo/emr/chart.html',
    urlPath: '/demo-emr/chart.html',
    expected: { name: 'TESTPATIENT, ALEX', birthDate: '1956-03-14', identifiers: ['9876543217', '1001'] },
  },
  {
    adapter: 'demo',
    file: 'demo/emr/schedule.html',
    urlPath: '/demo-emr/schedule.html',
    expected: { none: 'multiple-patients' },
  },
  { adapter: 'demo', file: 'demo/emr/index.html', urlPath: '/demo-emr/', expected: { none: 'not-a-chart' } },
  {
    adapter: 'oscar',
    file: `${F}/oscar/fixtures/encounter.html`,
    urlPath:
      '/oscar/casemgmt/forward.jsp?action=view&demographicNo=10234&providerNo=999998&providerName=Demo+Testdoctor&appointmentNo=&reason=Follow-up&appointmentDate=2026-11-20&start_time=09:00:00&apptProvider=999998&providerview=999998',
    expected: { name: 'GAGNON-LÉVESQUE, MARIE-ÈVE', birthDate: '', identifiers: ['10234'] },
  },
  {
    adapter: 'oscar',
    file: `${F}/oscar/fixtures/master-record.html`,
    urlPath:
      '/oscar/demographic/demographiccontrol.jsp?demographic_no=10234&displaymode=edit&dboperation=search_detail',
    expected: oscarPatient,
  },
  {
    adapter: 'oscar',
    file: `${F}/oscar/fixtures/search-results.html`,
    urlPath:
      '/oscar/demographic/demographiccontrol.jsp?search_mode=search_name&keyword=GAGNON&orderby=last_name%2C+first_name&dboperation=search_titlename&limit1=0&limit2=10&displaymode=Search&ptstatus=active',
    expected: { none: 'multiple-patients' },
  },
  {
    adapter: 'openo',
    file: `${F}/openo/fixtures/encounter.html`,
    urlPath:
      '/oscar/CaseManagementEntry.do?method=setUpMainEncounter&from=casemgmt&chain=list&demographicNo=20417&providerNo=999998&appointmentNo=',
    expected: { name: "O'NEIL, PATRICK", birthDate: '1949-02-11', identifiers: ['9357246818', '20417'] },
  },
  {
    adapter: 'juno',
    file: `${F}/juno/fixtures/record-summary.html`,
    urlPath: '/juno/web/#!/record/3055/summary',
    expected: { name: 'EXEMPLAIRE, JEAN-BAPTISTE', birthDate: '1962-08-15', identifiers: ['3055'] },
  },
  {
    adapter: 'juno',
    file: `${F}/juno/fixtures/schedule.html`,
    urlPath: '/juno/web/index.jsp#!/schedule',
    expected: { none: 'multiple-patients' },
  },
  {
    adapter: 'openemr',
    file: `${F}/openemr/fixtures/main-patient.html`,
    urlPath: `${OPENEMR_MAIN}?token_main=fx-patient`,
    frames: OPENEMR_FRAMES,
    expected: openemrPatient,
  },
  {
    adapter: 'openemr',
    file: `${F}/openemr/fixtures/main-frame-load.html`,
    urlPath: `${OPENEMR_MAIN}?token_main=fx-frame-load`,
    frames: OPENEMR_FRAMES,
    expected: openemrPatient,
  },
  {
    adapter: 'openemr',
    file: `${F}/openemr/fixtures/main-no-patient.html`,
    urlPath: `${OPENEMR_MAIN}?token_main=fx-no-patient`,
    frames: { '/openemr/interface/main/finder/dynamic_finder.php': `${F}/openemr/fixtures/finder.html` },
    expected: { none: 'not-rendered' },
  },
  {
    adapter: 'openmrs',
    file: `${F}/openmrs/fixtures/chart.html`,
    urlPath: `${OPENMRS_CHART}/Patient%20Summary`,
    expected: openmrsPatient,
  },
  {
    adapter: 'openmrs',
    file: `${F}/openmrs/fixtures/chart-search-overlay.html`,
    urlPath: `${OPENMRS_CHART}/Patient%20Summary?search=open`,
    expected: openmrsPatient,
  },
  {
    adapter: 'openmrs',
    file: `${F}/openmrs/fixtures/chart-delayed.html`,
    urlPath: `${OPENMRS_CHART}/Visits`,
    expected: openmrsPatient,
  },
  {
    adapter: 'openmrs',
    file: `${F}/openmrs/fixtures/home.html`,
    urlPath: '/openmrs/spa/home',
    expected: { none: 'multiple-patients' },
  },
  {
    adapter: 'medplum',
    file: `${F}/medplum/fixtures/patient-timeline.html`,
    urlPath: `/Patient/${MEDPLUM_PATIENT}/timeline`,
    expected: medplumPatient,
  },
  {
    adapter: 'medplum',
    file: `${F}/medplum/fixtures/encounter.html`,
    urlPath: '/Encounter/0190a3c2-1111-7cc1-9d1e-2f6a4b8c0d22/timeline',
    expected: medplumPatient,
  },
  {
    adapter: 'medplum',
    file: `${F}/medplum/fixtures/patient-search.html`,
    urlPath: '/Patient?_count=20&_fields=name,birthDate',
    expected: { none: 'multiple-patients' },
  },
  {
    adapter: 'configured-clinic-demo',
    file: `${F}/configured/fixtures/chart.html`,
    urlPath: '/clinic-emr/chart.php?patient=4410',
    configuredAdapter: `${F}/configured/fixtures/definition.json`,
    expected: { name: 'TESTCLINIC, MORGAN', birthDate: '1960-09-05', identifiers: ['1618033987', '4410'] },
  },
  {
    adapter: 'configured-clinic-demo',
    file: `${F}/configured/fixtures/patients.html`,
    urlPath: '/clinic-emr/patients.php',
    configuredAdapter: `${F}/configured/fixtures/definition.json`,
    expected: { none: 'multiple-patients' },
  },
];
