/**
 * Every EMR adapter fixture, with the URL it must be served at and what Social Rx must show for it. The e2e suite
 * serves each one in real Chromium with the built extension; lib/emr/fixtures.test.ts checks the same table against
 * detectPatient in happy-dom. No imports: Playwright and scripts/start load this file directly.
 */
export type EmrFixtureExpectation =
  { name: string; birthDate: string; identifiers: string[] } | { none: string };

export interface EmrFixture {
  adapter: string;
  /** Path relative to the repo root. */
  file: string;
  /** Path + query + hash the page must be served at. */
  urlPath: string;
  /** urlPath → file for the iframes the fixture loads. */
  frames?: Record<string, string>;
  expected: EmrFixtureExpectation;
}

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
];
