import type { Instrument } from '../types';
import { DECLINED_OPTION, la, loinc, t } from './common';

/**
 * AHC supplemental items used here: financial strain (76513-1) and loneliness (93159-2), panel 97023-6. Codes are
 * third-party (NYeC); which answers count as positive is UNVERIFIED for both, so the defaults below (the NYeC bold
 * answers for financial strain; "Often"/"Always" for loneliness, the common reading) are configurable in scoring.
 * They are separate instruments so the isolation path can ask the loneliness item alone.
 */
const SUPPLEMENTAL_PANEL = loinc('97023-6');
const CITATION =
  'Centers for Medicare & Medicaid Services. Accountable Health Communities (AHC) Health-Related Social Needs (HRSN) Screening Tool, supplemental questions.';

export const AHC_FINANCIAL_STRAIN: Instrument = {
  id: 'ahc-financial-strain',
  version: '1.0.0',
  title: t('AHC supplemental: financial strain', 'AHC, question supplémentaire : difficultés financières'),
  shortTitle: t('Financial strain', 'Difficultés financières'),
  panel: SUPPLEMENTAL_PANEL,
  items: [
    {
      linkId: '76513-1',
      code: loinc('76513-1'),
      text: t(
        'How hard is it for you to pay for the very basics like food, housing, medical care, and heating?',
        'À quel point est-il difficile pour vous de payer l’essentiel, comme la nourriture, le logement, les soins médicaux et le chauffage?',
      ),
      options: [
        la('LA15832-1', 'Very hard', 'Très difficile', { positive: ['financial-insecurity'] }),
        la('LA22683-9', 'Somewhat hard', 'Assez difficile', { positive: ['financial-insecurity'] }),
        la('LA31980-8', 'Not hard at all', 'Pas difficile du tout'),
        DECLINED_OPTION,
      ],
      domains: ['financial-insecurity'],
    },
  ],
  totals: [],
  translationStatus: 'project',
  citation: CITATION,
};

export const AHC_LONELINESS: Instrument = {
  id: 'ahc-loneliness',
  version: '1.0.0',
  title: t('AHC supplemental: loneliness', 'AHC, question supplémentaire : solitude'),
  shortTitle: t('Loneliness (AHC)', 'Solitude (AHC)'),
  panel: SUPPLEMENTAL_PANEL,
  items: [
    {
      linkId: '93159-2',
      code: loinc('93159-2'),
      text: t(
        'How often do you feel lonely or isolated from those around you?',
        'À quelle fréquence vous sentez-vous seul(e) ou isolé(e) des gens qui vous entourent?',
      ),
      options: [
        la('LA6270-8', 'Never', 'Jamais'),
        la('LA10066-1', 'Rarely', 'Rarement'),
        la('LA10082-8', 'Sometimes', 'Parfois'),
        la('LA10044-8', 'Often', 'Souvent', { positive: ['social-connection'] }),
        la('LA9933-8', 'Always', 'Toujours', { positive: ['social-connection'] }),
        DECLINED_OPTION,
      ],
      domains: ['social-connection'],
    },
  ],
  totals: [],
  translationStatus: 'project',
  citation: CITATION,
};
