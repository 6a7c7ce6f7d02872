import type { AnswerOption, Instrument, Item } from '../types';
import { DECLINED_OPTION, LOCAL, loinc, t } from './common';

/**
 * Three-Item Loneliness Scale (Hughes et al., Research on Aging 2004). Item-level LOINC codes are unverified, so items
 * and answers use local codes; LOINC carries the panel (106418-7) and the total (106421-1). Sum 3–9, higher = lonelier.
 */
const answers = (): AnswerOption[] => [
  {
    value: 1,
    score: 1,
    code: { system: LOCAL.ucla3, code: 'hardly-ever', display: 'Hardly ever' },
    text: t('Hardly ever', 'Presque jamais'),
  },
  {
    value: 2,
    score: 2,
    code: { system: LOCAL.ucla3, code: 'some-of-the-time', display: 'Some of the time' },
    text: t('Some of the time', 'Parfois'),
  },
  {
    value: 3,
    score: 3,
    code: { system: LOCAL.ucla3, code: 'often', display: 'Often' },
    text: t('Often', 'Souvent'),
  },
  DECLINED_OPTION,
];

const item = (n: number, en: string, fr: string): Item => ({
  linkId: `ucla3-${n}`,
  code: { system: LOCAL.ucla3, code: `ucla3-${n}`, display: en },
  text: t(en, fr),
  options: answers(),
  domains: ['social-connection'],
});

export const UCLA_3: Instrument = {
  id: 'ucla-3',
  version: '1.0.0',
  title: t('UCLA Three-Item Loneliness Scale', 'Échelle de solitude UCLA à trois items'),
  shortTitle: t('UCLA-3 loneliness', 'Solitude UCLA-3'),
  intro: t(
    'The next questions are about how you feel about different aspects of your life. For each one, tell me how often you feel that way.',
    'Les questions suivantes portent sur ce que vous ressentez à propos de différents aspects de votre vie. Pour chacune, dites-moi à quelle fréquence vous vous sentez ainsi.',
  ),
  panel: loinc('106418-7', 'Three-Item Loneliness scale'),
  items: [
    item(
      1,
      'How often do you feel that you lack companionship?',
      'À quelle fréquence avez-vous l’impression de manquer de compagnie?',
    ),
    item(2, 'How often do you feel left out?', 'À quelle fréquence vous sentez-vous exclu(e)?'),
    item(
      3,
      'How often do you feel isolated from others?',
      'À quelle fréquence vous sentez-vous isolé(e) des autres?',
    ),
  ],
  totals: [
    {
      key: 'ucla-3',
      title: t(
        'Total score [Three-Item Loneliness Scale]',
        'Score total [échelle de solitude à trois items]',
      ),
      code: loinc('106421-1', 'Total score [Three-Item Loneliness Scale]'),
      items: ['ucla3-1', 'ucla3-2', 'ucla3-3'],
      min: 3,
      max: 9,
    },
  ],
  translationStatus: 'project',
  citation:
    'Hughes ME, Waite LJ, Hawkley LC, Cacioppo JT. A short scale for measuring loneliness in large surveys. Res Aging. 2004;26(6):655-672.',
};
