import { describe, expect, it } from 'vitest';
import { createI18n } from '@/lib/i18n';
import { buildChartNote, type ChartNoteInput } from '@/lib/referral/note';
import { buildHandoutHtml, type HandoutInput } from '@/lib/referral/handout';
import { computePathway, csvCell, pathwayCsv } from '@/lib/referral/pathway';
import { ProgramDetails } from '@/lib/referral/programs';
import type { ReferralRecord } from '@/lib/referral/records';
import { aRequest, AHC_SCREENING, REFERRAL_ID, UCLA_SCREENING } from './support/factories';

const tFor = (lang: 'en' | 'fr') => createI18n(lang).getFixedT(lang, 'referral');

function noteInput(over: Partial<ChartNoteInput> = {}): ChartNoteInput {
  const req = aRequest();
  return {
    date: '2025-03-12T18:20:00.000Z',
    screenings: [AHC_SCREENING, UCLA_SCREENING],
    needs: req.consent.share.needs,
    programs: req.programs,
    letNavigatorChoose: false,
    consent: req.consent,
    contact: req.contact,
    preferredLanguage: 'fr',
    navigatorName: 'Test Navigation Service',
    referralId: REFERRAL_ID,
    status: 'sent',
    language: 'en',
    ...over,
  };
}

describe('chart note', () => {
  it('has screening results with dates, needs, programs, consent, referral id and status (English)', () => {
    const note = buildChartNote(noteInput(), tFor('en'));
    expect(note).toContain('Social prescription (Social Rx)');
    expect(note).toMatch(
      /AHC.* on 2025-03-12: possible needs: Food, Housing at risk; safety concern identified/,
    );
    expect(note).toContain('UCLA-3 7');
    expect(note).toContain('Needs referred: Food, Housing at risk, Loneliness / social connection');
    expect(note).toContain('Programs: Test Good Food Box; Test Walking Club');
    expect(note).toContain(
      'Consent: verbal express consent to share with Test Navigation Service, obtained by Dr. TESTDOCTOR, SAM on 2025-03-12.',
    );
    expect(note).toContain(`Referral id: ${REFERRAL_ID} — status: Sent.`);
    expect(note).not.toContain('95618-5'); // never the safety answers or total
    expect(note).not.toContain('{{');
  });

  it('is written in French', () => {
    const note = buildChartNote(noteInput({ language: 'fr', status: 'queued' }), tFor('fr'));
    expect(note).toContain('Prescription sociale (Social Rx)');
    expect(note).toContain('Besoins visés : Alimentation');
    expect(note).toContain('consentement exprès verbal');
    expect(note).toContain('état : En file d’attente');
    expect(note).not.toContain('{{');
  });

  it('the 211 route says so and records no disclosure', () => {
    const note = buildChartNote(
      noteInput({ consent: null, referralId: null, status: 'route-211' }),
      tFor('en'),
    );
    expect(note).toContain('211');
    expect(note).not.toContain('Consent:');
    expect(note).not.toContain('Referral id');
  });
});

describe('patient handout', () => {
  const program = ProgramDetails.parse({
    id: 'svc-1',
    name: 'Test Good Food Box <b>',
    organization: 'Test Community Food Centre',
    description: 'A box of fresh fruit and vegetables every two weeks.',
    address: '1 Test Street, Sudbury, P3A 0A0',
    hours: 'Tuesdays 10:00–14:00',
    free: true,
    howToJoin: 'Call to sign up.',
    phone: '555-0101',
    url: 'javascript:alert(1)',
  });
  const input = (over: Partial<HandoutInput> = {}): HandoutInput => ({
    language: 'fr',
    date: '2025-03-12T18:20:00.000Z',
    patientName: 'TESTPATIENT, ALEX',
    programs: [program],
    letNavigatorChoose: true,
    navigatorName: 'Test Navigation Service',
    contact: { preference: 'phone', phone: '555-0100', email: '' },
    ...over,
  });

  it('lists each program with what it is, where, when, cost and how to join, in the patient language', () => {
    const html = buildHandoutHtml(input(), tFor('fr'));
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Votre prescription sociale');
    for (const s of [
      'De quoi il s’agit',
      'Où',
      'Quand',
      'Coût',
      'Gratuit',
      'Comment s’inscrire',
      'Tuesdays 10:00–14:00',
    ])
      expect(html).toContain(s);
    expect(html).toContain('Test Navigation Service communiquera avec vous par téléphone.');
    expect(html).toContain('2-1-1');
    expect(html).toContain('9-8-8');
    expect(html).toContain('Date : 2025-03-12');
  });

  it('escapes catalog text and drops unsafe links; contains no script', () => {
    const html = buildHandoutHtml(input({ language: 'en' }), tFor('en'));
    expect(html).toContain('Test Good Food Box &lt;b&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).not.toMatch(/<script/i);
  });

  it('without a navigator it points to the clinic and 211', () => {
    const html = buildHandoutHtml(input({ language: 'en', navigatorName: '' }), tFor('en'));
    expect(html).toContain('Your clinic will help you get in touch with these programs.');
    expect(html).toContain('Call 2-1-1');
  });
});

describe('data pathway', () => {
  const H = 3600_000;
  const rec = (i: number, over: Partial<ReferralRecord>): ReferralRecord =>
    ({
      id: `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`,
      state: 'sent',
      createdAt: 1000 * H + i,
      updatedAt: 0,
      createdBy: 'u',
      target: 'x',
      needs: ['food-insecurity'],
      programCount: 1,
      letNavigatorChoose: false,
      priority: 'routine',
      sentAt: 1000 * H,
      acceptedAt: null,
      completedAt: null,
      closedAt: null,
      taskId: null,
      taskLastUpdated: null,
      timeline: [],
      detail: { iv: new Uint8Array(12), data: new ArrayBuffer(1) },
      ...over,
    }) as ReferralRecord;
  const records = [
    rec(1, {
      state: 'completed',
      acceptedAt: 1002 * H,
      completedAt: 1010 * H,
      needs: ['food-insecurity', 'social-connection'],
    }),
    rec(2, { state: 'accepted', acceptedAt: 1004 * H }),
    rec(3, { state: 'rejected', closedAt: 1001 * H, needs: ['social-connection'] }),
    rec(4, { createdAt: 5000 * H }), // outside the period
  ];
  const period = { from: 999 * H, to: 2000 * H };

  it('counts by need and state and measures time to acceptance and completion over the period', () => {
    expect(computePathway(records, period)).toEqual({
      total: 3,
      byNeed: { 'food-insecurity': 2, 'social-connection': 2 },
      byState: { completed: 1, accepted: 1, rejected: 1 },
      toAcceptance: { count: 2, medianHours: 2, p90Hours: 4 },
      toCompletion: { count: 1, medianHours: 10, p90Hours: 10 },
    });
  });

  it('CSV is quoted, formula-safe and has no identity columns unless identified', () => {
    const t = tFor('en');
    const labels = {
      columns: Object.fromEntries(
        [
          'referralId',
          'created',
          'sent',
          'state',
          'needs',
          'priority',
          'programs',
          'navigatorChooses',
          'accepted',
          'completed',
          'closed',
          'hoursToAcceptance',
          'hoursToCompletion',
          'patientName',
          'healthNumber',
        ].map((c) => [c, t(`csv.${c}`)]),
      ) as never,
      state: (s: string) => t(`state.${s}`),
      need: (n: string) => t(`need.${n}`),
      yes: 'yes',
      no: 'no',
    };
    const csv = pathwayCsv(records, period, labels);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).not.toContain('patient_name');
    expect(lines[1]).toContain('"Food; Loneliness / social connection"');
    expect(lines[1]).toContain('"10"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    const identified = pathwayCsv(records.slice(0, 1), period, labels, () => ({
      patientName: 'TESTPATIENT, ALEX',
      healthNumber: '9876543225',
    }));
    expect(identified.split('\r\n')[0]).toContain('"patient_name"');
    expect(identified).toContain('"TESTPATIENT, ALEX"');
  });
});
