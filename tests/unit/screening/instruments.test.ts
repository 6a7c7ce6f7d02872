import { describe, expect, it } from 'vitest';
import { DECLINED, INSTRUMENT_IDS, INSTRUMENTS, instrumentsEnabled } from '@/lib/screening';

const all = Object.values(INSTRUMENTS);
const texts = (id: keyof typeof INSTRUMENTS, linkId: string) =>
  INSTRUMENTS[id].items.find((i) => i.linkId === linkId)!.options.map((o) => o.text.en);

describe('instruments as data', () => {
  it('registry holds every id once', () => {
    expect(Object.keys(INSTRUMENTS).sort()).toEqual([...INSTRUMENT_IDS].sort());
    for (const [id, inst] of Object.entries(INSTRUMENTS)) expect(inst.id).toBe(id);
  });

  it.each(all.flatMap((inst) => inst.items.map((item) => [inst.id, item.linkId, item] as const)))(
    '%s %s: "prefer not to answer" last, once; every other option coded; values unique; both languages',
    (_id, _linkId, item) => {
      const last = item.options.at(-1)!;
      expect(last.value).toBe(DECLINED);
      expect(last.text).toEqual({ en: 'Prefer not to answer', fr: 'Préfère ne pas répondre' });
      expect(item.options.filter((o) => o.value === DECLINED)).toHaveLength(1);
      for (const o of item.options.slice(0, -1)) {
        expect(o.code?.code).toBeTruthy();
        expect(o.text.fr.trim()).not.toBe('');
      }
      expect(new Set(item.options.map((o) => o.value)).size).toBe(item.options.length);
      expect(item.text.en.trim()).not.toBe('');
      expect(item.text.fr.trim()).not.toBe('');
      expect(item.text.fr).not.toBe(item.text.en);
    },
  );

  it('French is our translation everywhere (the reference verified no official version)', () => {
    for (const inst of all) expect(inst.translationStatus).toBe('project');
  });

  it('AHC core wording and answer order as the reference gives them', () => {
    const ahc = INSTRUMENTS['ahc-hrsn-core'];
    expect(ahc.items.map((i) => i.text.en)).toEqual([
      'What is your living situation today?',
      'Think about the place you live. Do you have problems with any of the following? (check all that apply)',
      'Within the past 12 months, you worried that your food would run out before you got money to buy more.',
      "Within the past 12 months, the food you bought just didn't last and you didn't have money to get more.",
      'In the past 12 months, has lack of reliable transportation kept you from medical appointments, meetings, work or from getting things needed for daily living?',
      'In the past 12 months has the electric, gas, oil, or water company threatened to shut off services in your home?',
      'How often does anyone, including family and friends, physically hurt you?',
      'How often does anyone, including family and friends, insult or talk down to you?',
      'How often does anyone, including family and friends, threaten you with harm?',
      'How often does anyone, including family and friends, scream or curse at you?',
    ]);
    expect(ahc.items[1]!.options.map((o) => o.value)).toEqual([
      'LA31996-4',
      'LA28580-1',
      'LA31997-2',
      'LA31998-0',
      'LA31999-8',
      'LA32000-4',
      'LA32001-2',
      'LA9-3',
      DECLINED,
    ]);
    expect(texts('ahc-hrsn-core', '96779-4')).toEqual([
      'Yes',
      'No',
      'Already shut off',
      'Prefer not to answer',
    ]);
    expect(texts('ahc-hrsn-core', '95618-5')).toEqual([
      'Never',
      'Rarely',
      'Sometimes',
      'Fairly often',
      'Frequently',
      'Prefer not to answer',
    ]);
    expect(ahc.items[6]!.options.map((o) => o.score)).toEqual([1, 2, 3, 4, 5, undefined]);
    expect(ahc.items.filter((i) => i.safety).map((i) => i.linkId)).toEqual([
      '95618-5',
      '95617-7',
      '95616-9',
      '95615-1',
    ]);
  });

  it('UCLA-3, LSNS-6, HVS and the poverty question wording and scales', () => {
    expect(INSTRUMENTS['ucla-3'].items.map((i) => i.text.en)).toEqual([
      'How often do you feel that you lack companionship?',
      'How often do you feel left out?',
      'How often do you feel isolated from others?',
    ]);
    expect(INSTRUMENTS['ucla-3'].items[0]!.options.map((o) => [o.text.en, o.value])).toEqual([
      ['Hardly ever', 1],
      ['Some of the time', 2],
      ['Often', 3],
      ['Prefer not to answer', DECLINED],
    ]);
    expect(INSTRUMENTS['lsns-6'].items[0]!.options.map((o) => [o.text.en, o.value])).toEqual([
      ['None', 0],
      ['One', 1],
      ['Two', 2],
      ['Three or four', 3],
      ['Five thru eight', 4],
      ['Nine or more', 5],
      ['Prefer not to answer', DECLINED],
    ]);
    expect(texts('hunger-vital-sign', '88122-7')).toEqual([
      'Often true',
      'Sometimes true',
      'Never true',
      "Don't know/refused",
      'Prefer not to answer',
    ]);
    expect(INSTRUMENTS.poverty.items[0]!.text.en).toBe(
      'Do you have difficulty making ends meet at the end of the month?',
    );
  });

  it("expands settings' 'ahc-supplemental' and ignores unknown ids", () => {
    expect(instrumentsEnabled(['ahc-hrsn-core', 'ahc-supplemental', 'toString', 'phq-9'])).toEqual([
      'ahc-hrsn-core',
      'ahc-financial-strain',
      'ahc-loneliness',
    ]);
  });
});
